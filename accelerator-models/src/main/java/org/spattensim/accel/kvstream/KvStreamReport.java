package org.spattensim.accel.kvstream;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.energy.ActionCounts;
import org.spattensim.energy.EnergyCategory;
import org.spattensim.energy.EnergyReport;
import org.spattensim.energy.EnergyTable;
import org.spattensim.engine.unit.PipelinedUnit;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramStats;
import org.spattensim.memory.dram.power.DramEnergy;
import org.spattensim.memory.dram.power.DramPowerParams;
import org.spattensim.stats.StatsRegistry;

/**
 * Turns a K/V-streaming run into the generic {@link AcceleratorRun}: time, DRAM traffic by matrix, unit
 * utilisation, energy (on-chip actions priced by the same energy table as SpAtten's, DRAM by the IDD model) and
 * the published figures beside them.
 */
public final class KvStreamReport {
    private KvStreamReport() {}

    public static AcceleratorRun summarise(String model, String design, String workload, double clockGhz,
                                           KvStreamEngine.Result r, DramConfig dramConfig, Iterable<PipelinedUnit> units,
                                           ActionCounts actions, long macs, EnergyTable table,
                                           PublishedFigures published, StatsRegistry s, String configYaml,
                                           String method) {
        long cycles = r.cycles();
        double seconds = cycles / (clockGhz * 1e9);
        DramStats ds = r.dram().stats();
        s.counter("total_cycles", "cycles", "accelerator cycles from the first fetch to the last output").set(cycles);
        s.scalar("seconds", "s", "total_cycles at the design's clock").set(seconds);
        s.counter("dram_bytes_read", "B", "bytes read from DRAM").set(ds.bytes());
        s.counter("dram_transactions", "transactions", "DRAM read transactions issued by the fetcher").set(r.transactions());
        Map<String, Long> byMatrix = new LinkedHashMap<>();
        for (MatrixKind k : MatrixKind.values()) {
            String key = k.name().toLowerCase();
            byMatrix.put(key, r.bytes(k));
            s.counter("dram_bytes." + key, "B", "DRAM bytes fetched for " + key + " data").set(r.bytes(k));
        }
        s.counter("dram.activates", "commands", "ACT commands").set(ds.activates());
        s.scalar("dram.row_hit_rate", "ratio", "row-buffer hits / column accesses").set(ds.rowHitRate());
        s.scalar("dram.bandwidth_gbps", "GB/s", "achieved DRAM read bandwidth over the run")
                .set(cycles == 0 ? 0 : ds.bytes() / seconds / 1e9);
        s.scalar("dram.peak_gbps", "GB/s", "peak DRAM bandwidth of the configured channels").set(ds.peakGbps());
        s.counter("fetcher.queue_full_stalls", "cycles",
                "cycles requests waited for room in a full DRAM channel queue (summed over channels)")
                .set(r.queueFullStalls());
        for (PipelinedUnit u : units) {
            String n = "unit." + u.name();
            s.counter(n + ".busy_cycles", "cycles", "cycles the unit's issue slot was occupied").set(u.busyCycles());
            s.counter(n + ".items", "items", "items the unit processed").set(u.items());
            s.scalar(n + ".utilisation", "ratio", "busy cycles / total cycles")
                    .set(cycles == 0 ? 0 : (double) u.busyCycles() / cycles);
        }
        for (ActionCounts.Entry e : actions.entries()) {
            s.counter("actions." + e.component() + "." + e.action(), "actions", e.component() + " " + e.action()
                    + " actions").set(e.count());
        }
        s.counter("actions.macs", "MACs", "multiply-accumulates executed (Q×K and Prob×V)").set(macs);

        EnergyReport onChip = EnergyReport.of(table, actions);
        DramEnergy de = new DramEnergy(dramConfig, DramPowerParams.forStandard(dramConfig.organization().standard()));
        double dramDynamic = de.dynamicPj(ds);
        double dramBackground = de.backgroundPj(r.dram().now());
        Map<String, Double> byUnit = new LinkedHashMap<>(onChip.byComponent());
        byUnit.put("dram_dynamic", dramDynamic);
        byUnit.put("dram_background", dramBackground);
        Map<String, Double> byCategory = new LinkedHashMap<>();
        byCategory.put("logic", onChip.byCategory().getOrDefault(EnergyCategory.LOGIC, 0.0));
        byCategory.put("sram", onChip.byCategory().getOrDefault(EnergyCategory.SRAM, 0.0));
        byCategory.put("dram", dramDynamic + dramBackground);
        double total = byCategory.values().stream().mapToDouble(Double::doubleValue).sum();
        s.scalar("energy_pj", "pJ", "total energy: logic + SRAM (" + table.technology()
                + ", SpAtten's energy table) + DRAM (IDD model)").set(total);
        byCategory.forEach((k, v) -> s.scalar("energy." + k + "_pj", "pJ", k + " energy").set(v));
        byUnit.forEach((k, v) -> s.scalar("energy.unit." + k + "_pj", "pJ", "energy of " + k).set(v));
        s.scalar("area_mm2", "mm2", "chip area as published (" + published.source() + "); not modelled")
                .set(published.area());
        s.scalar("published.core_power_w", "W", "core power as published (" + published.source() + ")")
                .set(published.power());
        s.scalar("published.throughput_gops", "GOP/s", "throughput as published (" + published.source() + ")")
                .set(published.throughput());
        return new AcceleratorRun(model, design, workload, cycles, clockGhz, seconds, ds.bytes(), r.transactions(),
                byMatrix, total, byCategory, byUnit, published.area(), Map.of(design + " (published)",
                published.area()), macs, s, configYaml, method);
    }
}

package org.spattensim.accel.spatten.pipeline;

import java.util.Map;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.energy.EnergyPreset;
import org.spattensim.accel.spatten.energy.SpattenActions;
import org.spattensim.accel.spatten.energy.SpattenEnergy;
import org.spattensim.accel.spatten.energy.SpattenArea;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.QkvFetcher;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.engine.unit.PipelinedUnit;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.memory.dram.DramStats;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.energy.EnergyTable;
import org.spattensim.memory.dram.power.DramEnergy;
import org.spattensim.memory.dram.power.DramPowerParams;
import org.spattensim.stats.StatsRegistry;

/**
 * The cycle-level SpAtten model: {@code new SpattenTimingModel(config).run(workload)}. Each run builds a
 * fresh engine and DRAM system, so one model may run many workloads, and runs on different threads are
 * independent and bit-for-bit repeatable.
 */
public final class SpattenTimingModel {
    /** SpAtten is synthesised in TSMC 40 nm [KR]. */
    public static final int NODE_NM = 40;

    private final SpattenConfig config;
    private final DramConfig dramConfig;
    private final EnergyTable energyTable;
    private final DramPowerParams dramPower;

    public SpattenTimingModel(SpattenConfig config) {
        this(config, EnergyPreset.defaultPreset().at(NODE_NM));
    }

    public SpattenTimingModel(SpattenConfig config, EnergyTable energyTable) {
        this.config = config;
        DramConfig base = DramPresets.load(config.memory().dramPreset());
        this.dramConfig = base.withChannels(config.memory().channels())
                .withController(base.controller().withTransactionBytes(config.memory().transactionBytes()));
        this.energyTable = energyTable;
        this.dramPower = DramPowerParams.forStandard(dramConfig.organization().standard());
    }

    public SpattenConfig config() {
        return config;
    }

    public DramConfig dramConfig() {
        return dramConfig;
    }

    /** Simulates the workload, fetching only kept rows (SpAtten). */
    public SpattenRun run(Workload workload) {
        return run(workload, FetchPolicy.KEPT_ONLY);
    }

    /** Simulates the workload with the given fetch policy (A3 and MNNFast fetch everything). */
    public SpattenRun run(Workload workload, FetchPolicy policy) {
        return run(workload, policy, d -> { });
    }

    /**
     * Simulates the workload; {@code onDram} sees the run's fresh DRAM system before the first request (to record
     * its request stream or command log, say).
     */
    public SpattenRun run(Workload workload, FetchPolicy policy, java.util.function.Consumer<DramSystem> onDram) {
        return run(workload, policy, onDram, org.spattensim.accel.RunProgress.NONE);
    }

    /** As {@link #run(Workload, FetchPolicy, java.util.function.Consumer)}, telling {@code progress} the tasks done. */
    public SpattenRun run(Workload workload, FetchPolicy policy, java.util.function.Consumer<DramSystem> onDram,
                          org.spattensim.accel.RunProgress progress) {
        DramSystem dram = new DramSystem(dramConfig);
        onDram.accept(dram);
        SpattenPipeline p = new SpattenPipeline(config, workload, dram, policy);
        p.progress(progress);
        long cycles = p.run();
        return summarise(workload, p, dram, cycles);
    }

    private SpattenRun summarise(Workload w, SpattenPipeline p, DramSystem dram, long cycles) {
        StatsRegistry s = new StatsRegistry();
        double seconds = cycles / (config.compute().clockGhz() * 1e9);
        DramStats ds = dram.stats();
        QkvFetcher f = (QkvFetcher) p.fetcher();
        SpattenPipeline.Actions a = p.actions;

        s.counter("total_cycles", "cycles", "accelerator cycles from the first fetch to the last Prob×V result").set(cycles);
        s.scalar("seconds", "s", "total_cycles at the design's clock").set(seconds);
        s.counter("dram_bytes_read", "B", "bytes read from DRAM").set(ds.bytes());
        s.counter("dram_transactions", "transactions", "DRAM read transactions issued by the Q/K/V fetcher").set(f.transactions());
        s.counter("requant_count", "tasks", "tasks whose key LSBs were refetched (progressive quantization)").set(a.requants);
        for (MatrixKind k : MatrixKind.values()) {
            s.counter("dram_bytes." + k.name().toLowerCase(), "B", "DRAM bytes fetched for " + k.name().toLowerCase() + " data")
                    .set(f.bytes(k));
        }
        s.counter("dram.activates", "commands", "ACT commands").set(ds.activates());
        s.counter("dram.refreshes", "commands", "REF commands").set(ds.refreshes());
        s.scalar("dram.row_hit_rate", "ratio", "row-buffer hits / column accesses").set(ds.rowHitRate());
        long memCycles = dram.now();
        s.scalar("dram.bandwidth_gbps", "GB/s", "achieved DRAM read bandwidth over the run").set(cycles == 0 ? 0 : ds.bytes() / seconds / 1e9);
        s.scalar("dram.peak_gbps", "GB/s", "peak DRAM bandwidth of the configured channels").set(ds.peakGbps());
        s.counter("fetcher.crossbar_conflicts", "requests", "requests held a cycle because the address crossbar gave their DRAM channel to an older request")
                .set(f.crossbarConflicts());
        s.counter("fetcher.queue_full_stalls", "cycles",
                "cycles requests waited for room in a full DRAM channel queue (summed over channels)").set(f.queueFullStalls());
        s.counter("fetcher.port_full_stalls", "cycles",
                "cycles requests waited in a DRAM channel port holding memory.maxPendingPerChannel requests (summed over channels)")
                .set(f.portFullStalls());
        for (PipelinedUnit u : p.units().all()) {
            String n = u.name().replaceFirst("^spatten\\.", "unit.");
            s.counter(n + ".busy_cycles", "cycles", "cycles the unit's issue slot was occupied").set(u.busyCycles());
            s.counter(n + ".stall_cycles", "cycles", "cycles items waited for the unit (sum over items)").set(u.stallCycles());
            s.counter(n + ".items", "items", "items the unit processed").set(u.items());
            s.scalar(n + ".utilisation", "ratio", "busy cycles / total cycles").set(cycles == 0 ? 0 : (double) u.busyCycles() / cycles);
        }
        SpattenActions actions = a.toActions();
        actions.register(s);
        selection(s, w);
        perLayerAndStep(s, w, p);

        DramEnergy de = new DramEnergy(dramConfig, dramPower);
        SpattenEnergy energy = SpattenEnergy.of(energyTable, actions, de.dynamicPj(ds), de.backgroundPj(memCycles));
        energy.register(s, "total energy: logic + SRAM + DRAM (" + energyTable.technology()
                + "; DRAM by DRAMsim3-style IDD model)");

        Map<String, Double> area = SpattenArea.byUnit(config);
        double areaTotal = area.values().stream().mapToDouble(Double::doubleValue).sum();
        s.scalar("area_mm2", "mm2", "total area (see SpattenArea for the calibration)").set(areaTotal);
        area.forEach((k, v) -> s.scalar("area.unit." + k + "_mm2", "mm2", "area of " + k).set(v));
        return new SpattenRun(config, w.source(), cycles, seconds, ds.bytes(), f.transactions(), a.requants,
                energy.totalPj(), energy.byCategory(), energy.byUnit(), areaTotal, area, s);
    }

    /** Cycles per layer and per step: summed spans from the first task's admission to the last task's end. */
    /** What token selection kept, and the page metadata a KV policy read for it. */
    public static void selection(StatsRegistry s, Workload w) {
        long visible = 0;
        long kept = 0;
        long rows = 0;
        long dots = 0;
        for (int j = 0; j < w.size(); j++) {
            visible += w.contextLength(j);
            kept += w.keptKeys(j);
            rows += w.metadataRows(j);
            dots += w.metadataDots(j);
        }
        s.scalar("selection.key_keep_share", "ratio", "keys attended / keys visible, over all tasks (token and head"
                + " selection together)").set(visible == 0 ? 0 : (double) kept / visible);
        s.counter("selection.metadata_rows", "rows", "page-metadata rows read from DRAM before token selection (a "
                + "query-aware KV policy such as Quest)").set(rows);
        s.counter("selection.metadata_dots", "dot products", "query x metadata-row dot products on the Q×K array "
                + "(counted in actions.qk_mac too)").set(dots);
    }

    private static void perLayerAndStep(StatsRegistry s, Workload w, SpattenPipeline p) {
        int n = w.size();
        int steps = 0;
        for (int j = 0; j < n; j++) {
            steps = Math.max(steps, w.step(j) + 1);
        }
        long[] layer = new long[w.layers()];
        long[] step = new long[steps];
        long[] stepFinish = new long[steps];
        long[] head = new long[w.heads()];
        var latency = s.distribution("task.latency_cycles", "cycles", "cycles from a task's admission to its end");
        int j = 0;
        while (j < n) {
            int k = j;
            long first = p.startTime(j);
            long last = p.doneTime(j);
            while (k + 1 < n && w.step(k + 1) == w.step(j) && w.layer(k + 1) == w.layer(j)) {
                k++;
                first = Math.min(first, p.startTime(k));
                last = Math.max(last, p.doneTime(k));
            }
            layer[w.layer(j)] += last - first;
            j = k + 1;
        }
        for (int t = 0; t < n; t++) {
            long d = p.doneTime(t) - p.startTime(t);
            latency.record(d);
            head[w.head(t)] += d;
        }
        int t = 0;
        while (t < n) {
            int k = t;
            long first = p.startTime(t);
            long last = p.doneTime(t);
            while (k + 1 < n && w.step(k + 1) == w.step(t)) {
                k++;
                first = Math.min(first, p.startTime(k));
                last = Math.max(last, p.doneTime(k));
            }
            step[w.step(t)] = last - first;
            stepFinish[w.step(t)] = last;
            t = k + 1;
        }
        for (int l = 0; l < layer.length; l++) {
            s.counter("layer." + l + ".cycles", "cycles", "summed over steps: first admission to last end of layer " + l).set(layer[l]);
        }
        for (int i = 0; i < step.length; i++) {
            s.counter("step." + i + ".cycles", "cycles", "first admission to last end of step " + i).set(step[i]);
            s.counter("step." + i + ".finish_cycle", "cycles",
                    "cycle at which the last task of step " + i + " finished (cumulative, as the RTL reports it)")
                    .set(stepFinish[i]);
        }
        for (int h = 0; h < head.length; h++) {
            s.counter("head." + h + ".cycles", "cycles", "task latencies of head " + h + " summed").set(head[h]);
        }
    }
}

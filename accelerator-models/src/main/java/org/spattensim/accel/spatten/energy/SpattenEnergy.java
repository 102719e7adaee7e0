package org.spattensim.accel.spatten.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.energy.EnergyReport;
import org.spattensim.energy.EnergyTable;
import org.spattensim.stats.StatsRegistry;

/**
 * Energy of one SpAtten run: on-chip actions priced by an {@link EnergyTable} (an {@link EnergyReport}), plus
 * the DRAM energy from the IDD model, split by unit and by category (logic, SRAM, DRAM) under the names the
 * stats and reports use.
 *
 * @param onChip           logic and SRAM actions x energy per action, with each price's source
 * @param dramDynamicPj    DRAM activate, read and refresh energy
 * @param dramBackgroundPj DRAM background (standby) energy over the run
 */
public record SpattenEnergy(EnergyReport onChip, double dramDynamicPj, double dramBackgroundPj) {
    private static final String[] LOGIC = {"qk", "pv", "softmax", "topk", "converter"};
    private static final String[] SRAM = {"key_buffer", "value_buffer"};

    public static SpattenEnergy of(EnergyTable table, SpattenActions actions, double dramDynamicPj, double dramBackgroundPj) {
        return new SpattenEnergy(EnergyReport.of(table, actions.toCounts()), dramDynamicPj, dramBackgroundPj);
    }

    /** Energy per unit in pJ, in datapath order, then {@code dram_dynamic} and {@code dram_background}. */
    public Map<String, Double> byUnit() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String u : LOGIC) {
            m.put(u, component(u));
        }
        for (String u : SRAM) {
            m.put(u, component(u));
        }
        m.put("dram_dynamic", dramDynamicPj);
        m.put("dram_background", dramBackgroundPj);
        return Collections.unmodifiableMap(m);
    }

    /** Energy per category in pJ: {@code logic}, {@code sram}, {@code dram}. */
    public Map<String, Double> byCategory() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logic", sum(LOGIC));
        m.put("sram", sum(SRAM));
        m.put("dram", dramDynamicPj + dramBackgroundPj);
        return Collections.unmodifiableMap(m);
    }

    public double totalPj() {
        return byCategory().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Registers {@code energy_pj}, {@code energy.<category>_pj} and {@code energy.unit.<unit>_pj}. */
    public void register(StatsRegistry s, String totalDescription) {
        s.scalar("energy_pj", "pJ", totalDescription).set(totalPj());
        byCategory().forEach((k, v) -> s.scalar("energy." + k + "_pj", "pJ", k + " energy").set(v));
        byUnit().forEach((k, v) -> s.scalar("energy.unit." + k + "_pj", "pJ", "energy of " + k).set(v));
    }

    private double component(String name) {
        return onChip.byComponent().getOrDefault(name, 0.0);
    }

    private double sum(String[] units) {
        double t = 0;
        for (String u : units) {
            t += component(u);
        }
        return t;
    }
}

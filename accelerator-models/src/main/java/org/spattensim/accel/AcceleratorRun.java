package org.spattensim.accel;

import java.util.Map;
import org.spattensim.stats.StatsRegistry;

/**
 * The outcome of one design on one workload, the same for every design so callers need not know which ran.
 *
 * @param model             registry name of the design
 * @param design            name of the parameter set (preset) that ran
 * @param workload          the workload's name
 * @param cycles            accelerator cycles from the first fetch to the last result
 * @param clockGhz          the design's clock
 * @param seconds           cycles at the clock
 * @param dramBytesRead     bytes read from DRAM
 * @param dramTransactions  DRAM read transactions
 * @param dramBytesByMatrix DRAM bytes by matrix ({@code query}, {@code key}, {@code key_lsb}, {@code value})
 * @param energyPj          total energy (logic + SRAM + DRAM), pJ
 * @param energyByCategory  {@code logic}, {@code sram}, {@code dram}, pJ
 * @param energyByUnit      per unit, pJ
 * @param areaMm2           total area, mm²
 * @param areaByUnit        per unit, mm²
 * @param macs              multiply-accumulates executed (Q×K and Prob×V); two operations each
 * @param stats             every statistic with name, unit and description
 * @param configYaml        the effective parameters as YAML, for the run's record
 * @param method            how the numbers were produced, for reports
 */
public record AcceleratorRun(String model, String design, String workload, long cycles, double clockGhz,
                             double seconds, long dramBytesRead, long dramTransactions,
                             Map<String, Long> dramBytesByMatrix, double energyPj,
                             Map<String, Double> energyByCategory, Map<String, Double> energyByUnit, double areaMm2,
                             Map<String, Double> areaByUnit, long macs, StatsRegistry stats, String configYaml,
                             String method) {
    public AcceleratorRun {
        dramBytesByMatrix = Map.copyOf(dramBytesByMatrix);
        energyByCategory = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(energyByCategory));
        energyByUnit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(energyByUnit));
        areaByUnit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(areaByUnit));
    }

    /** Operations executed: two per multiply-accumulate. */
    public double ops() {
        return 2.0 * macs;
    }

    /** Average power over the run, W. */
    public double powerW() {
        return seconds == 0 ? 0 : energyPj * 1e-12 / seconds;
    }
}

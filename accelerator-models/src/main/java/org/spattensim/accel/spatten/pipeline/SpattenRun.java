package org.spattensim.accel.spatten.pipeline;

import java.util.Map;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.stats.StatsRegistry;

/**
 * The outcome of simulating one workload on one SpAtten design point.
 *
 * @param totalCycles       accelerator cycles from the first fetch to the last Prob×V result
 * @param seconds           totalCycles at the design's clock
 * @param dramBytesRead     bytes read from DRAM (queries, keys, key LSBs, values)
 * @param dramTransactions  DRAM read transactions
 * @param requants          tasks that refetched key LSBs (progressive quantization)
 * @param energyPj          total energy (logic + SRAM + DRAM), pJ
 * @param energyByCategory  logic / sram / dram, pJ
 * @param energyByUnit      per unit, pJ
 * @param areaMm2           total area, mm²
 * @param areaByUnit        per unit, mm²
 * @param stats             every statistic with name, unit and description
 */
public record SpattenRun(SpattenConfig config, String workload, long totalCycles, double seconds, long dramBytesRead,
                         long dramTransactions, long requants, double energyPj, Map<String, Double> energyByCategory,
                         Map<String, Double> energyByUnit, double areaMm2, Map<String, Double> areaByUnit,
                         StatsRegistry stats) {
}

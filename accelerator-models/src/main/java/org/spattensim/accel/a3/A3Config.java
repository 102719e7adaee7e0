package org.spattensim.accel.a3;

import org.spattensim.accel.kvstream.BufferSettings;
import org.spattensim.accel.kvstream.Checks;
import org.spattensim.accel.kvstream.MemorySettings;
import org.spattensim.accel.kvstream.PublishedFigures;
import org.spattensim.config.Presets;

/**
 * A3's parameters (presets under {@code presets/a3}; each value's source is in the YAML).
 *
 * @param name                 design name
 * @param clockGhz             clock
 * @param dotProductMultipliers multipliers of the dot-product module (a key row takes ceil(D / this) cycles)
 * @param outputMultipliers    multipliers of the output module
 * @param dataBits             bits per fetched key, value and query element
 * @param iterationFraction    M, the greedy candidate search's iterations per query, as a share of its keys
 * @param postScoringThreshold post-scoring selection keeps candidates whose score is within this of the largest
 * @param preprocessing        where the sorted key columns come from
 * @param sorterLanes          key columns the preprocessing sorter merges in parallel, one element per cycle each
 * @param latency              pipeline depth of each module, cycles
 * @param buffers              on-chip key and value buffers
 * @param memory               DRAM and fetcher
 * @param published            figures as published
 */
public record A3Config(String name, double clockGhz, int dotProductMultipliers, int outputMultipliers, int dataBits,
                       double iterationFraction, double postScoringThreshold, Preprocessing preprocessing,
                       int sorterLanes, Latency latency, BufferSettings buffers, MemorySettings memory,
                       PublishedFigures published) {
    public static final String RESOURCE_DIR = "presets/a3";

    /** Where the per-column sorted keys the candidate search walks come from. */
    public enum Preprocessing {
        /** Sorted on chip by a merge sorter once per group's keys, before the group's first candidate search. */
        ON_CHIP_SORT,
        /** Sorted before the run at no cost (A3's setting when the key matrix is fixed and reused). */
        OFFLINE
    }

    /**
     * Pipeline depths, cycles.
     *
     * @param candidateSelection the comparator trees picking the largest and smallest product each iteration
     * @param dotProduct         multipliers + adder tree
     * @param exponent           the exponent unit
     * @param output             multipliers + accumulators and the final division
     */
    public record Latency(int candidateSelection, int dotProduct, int exponent, int output) {
        public Latency {
            Checks.range(candidateSelection, 0, 1_000_000, "latency.candidateSelection");
            Checks.range(dotProduct, 0, 1_000_000, "latency.dotProduct");
            Checks.range(exponent, 0, 1_000_000, "latency.exponent");
            Checks.range(output, 0, 1_000_000, "latency.output");
        }
    }

    public A3Config {
        Checks.name(name, "name");
        Checks.range(clockGhz, 0.001, 100, "clockGhz");
        Checks.range(dotProductMultipliers, 1, 1 << 20, "dotProductMultipliers");
        Checks.range(outputMultipliers, 1, 1 << 20, "outputMultipliers");
        Checks.range(dataBits, 1, 32, "dataBits");
        Checks.range(iterationFraction, 0.0, 1.0, "iterationFraction");
        Checks.range(postScoringThreshold, 0.0, 1e6, "postScoringThreshold");
        if (preprocessing == null) {
            throw org.spattensim.common.InvalidInputException.of("", "preprocessing", "is missing",
                    java.util.Arrays.toString(Preprocessing.values()));
        }
        Checks.range(sorterLanes, 1, 1 << 16, "sorterLanes");
        java.util.Objects.requireNonNull(latency, "latency");
        java.util.Objects.requireNonNull(buffers, "buffers");
        java.util.Objects.requireNonNull(memory, "memory");
        java.util.Objects.requireNonNull(published, "published");
    }

    public static Presets<A3Config> presets() {
        return new Presets<>(A3Config.class, RESOURCE_DIR, "A3 preset");
    }
}

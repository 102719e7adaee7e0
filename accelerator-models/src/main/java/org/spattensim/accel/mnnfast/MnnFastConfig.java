package org.spattensim.accel.mnnfast;

import org.spattensim.accel.kvstream.BufferSettings;
import org.spattensim.accel.kvstream.Checks;
import org.spattensim.accel.kvstream.MemorySettings;
import org.spattensim.accel.kvstream.PublishedFigures;
import org.spattensim.config.Presets;

/**
 * MNNFast's parameters (presets under {@code presets/mnnfast}; each value's source is in the YAML).
 *
 * @param name                  design name
 * @param clockGhz              clock
 * @param dotProductMultipliers multipliers scoring keys (a key row takes ceil(D / this) cycles)
 * @param outputMultipliers     multipliers weighting values
 * @param dataBits              bits per fetched element
 * @param chunkRows             rows of K and V streamed per chunk (the column-based algorithm's chunk)
 * @param zeroSkipThreshold     a value row is skipped when its attention probability is below this
 * @param latency               pipeline depths, cycles
 * @param buffers               on-chip buffers (two chunks: one computed on, one arriving)
 * @param memory                DRAM and fetcher
 * @param published             figures as published
 */
public record MnnFastConfig(String name, double clockGhz, int dotProductMultipliers, int outputMultipliers,
                            int dataBits, int chunkRows, double zeroSkipThreshold, Latency latency,
                            BufferSettings buffers, MemorySettings memory, PublishedFigures published) {
    public static final String RESOURCE_DIR = "presets/mnnfast";

    /**
     * @param dotProduct multipliers + adder tree
     * @param exponent   the exponent unit
     * @param output     multiply + accumulate
     */
    public record Latency(int dotProduct, int exponent, int output) {
        public Latency {
            Checks.range(dotProduct, 0, 1_000_000, "latency.dotProduct");
            Checks.range(exponent, 0, 1_000_000, "latency.exponent");
            Checks.range(output, 0, 1_000_000, "latency.output");
        }
    }

    public MnnFastConfig {
        Checks.name(name, "name");
        Checks.range(clockGhz, 0.001, 100, "clockGhz");
        Checks.range(dotProductMultipliers, 1, 1 << 20, "dotProductMultipliers");
        Checks.range(outputMultipliers, 1, 1 << 20, "outputMultipliers");
        Checks.range(dataBits, 1, 32, "dataBits");
        Checks.range(chunkRows, 1, 1 << 24, "chunkRows");
        Checks.range(zeroSkipThreshold, 0.0, 1.0, "zeroSkipThreshold");
        java.util.Objects.requireNonNull(latency, "latency");
        java.util.Objects.requireNonNull(buffers, "buffers");
        java.util.Objects.requireNonNull(memory, "memory");
        java.util.Objects.requireNonNull(published, "published");
    }

    public static Presets<MnnFastConfig> presets() {
        return new Presets<>(MnnFastConfig.class, RESOURCE_DIR, "MNNFast preset");
    }
}

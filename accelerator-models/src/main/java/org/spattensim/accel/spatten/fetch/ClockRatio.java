package org.spattensim.accel.spatten.fetch;

/**
 * Converts between accelerator cycles and DRAM cycles for clocks given in MHz (SpAtten ties one
 * accelerator cycle to one HBM2 tCK [RTL ramulator_config.yaml clock_ratio 1]). A time in one domain
 * maps to the first cycle of the other domain that is not earlier.
 */
public record ClockRatio(long coreMhz, long memoryMhz) {
    public ClockRatio {
        if (coreMhz <= 0 || memoryMhz <= 0) {
            throw new IllegalArgumentException("clock frequencies must be positive, got core " + coreMhz + " MHz, memory "
                    + memoryMhz + " MHz");
        }
    }

    public static ClockRatio of(double coreGhz, double memoryGhz) {
        return new ClockRatio(Math.round(coreGhz * 1000), Math.round(memoryGhz * 1000));
    }

    public long toMemory(long coreCycle) {
        return coreMhz == memoryMhz ? coreCycle : ceilDiv(coreCycle * memoryMhz, coreMhz);
    }

    public long toCore(long memoryCycle) {
        return coreMhz == memoryMhz ? memoryCycle : ceilDiv(memoryCycle * coreMhz, memoryMhz);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

package org.spattensim.results.baseline.cpu;

import org.spattensim.common.InvalidInputException;

/**
 * The power assumed for the CPU while it runs attention; energy = power x measured latency. We do not
 * measure the host's power (no RAPL access in a container or VM), so this number is always assumed.
 */
public record CpuPower(double watts, String source) {

    /** Intel Xeon E5-2640 v4 (the SpAtten paper's CPU, [KR]/[EN] in docs/reference/spatten-facts.md): TDP 90 W, 10 cores (Intel ARK). */
    public static final double XEON_E5_2640_V4_TDP_W = 90.0;
    public static final int XEON_E5_2640_V4_CORES = 10;

    public CpuPower {
        if (!(watts > 0) || Double.isInfinite(watts)) {
            throw InvalidInputException.of("cpu power", "watts", "got " + watts, "a finite positive number");
        }
        if (source == null || source.isBlank()) {
            throw InvalidInputException.of("cpu power", "source", "missing", "where the power number comes from");
        }
    }

    /**
     * Our default assumption: each busy core draws the paper's Xeon's TDP per core, 90 W / 10 = 9 W,
     * times the threads used. TDP is an upper bound on average power; the paper used dynamic power
     * (total - idle, [KR]), which is lower, so this overstates CPU energy and flatters an accelerator.
     */
    public static CpuPower xeonTdpPerCore(int threads) {
        double perCore = XEON_E5_2640_V4_TDP_W / XEON_E5_2640_V4_CORES;
        return new CpuPower(perCore * threads, String.format(java.util.Locale.ROOT,
                "assumed %.1f W = %d busy cores x %.1f W (Xeon E5-2640 v4 TDP 90 W / 10 cores, Intel ARK); host power not measured",
                perCore * threads, threads, perCore));
    }
}

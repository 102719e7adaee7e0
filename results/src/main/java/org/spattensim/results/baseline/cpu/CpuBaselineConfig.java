package org.spattensim.results.baseline.cpu;

import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.TrimmedMean;

/**
 * How the CPU baseline measures.
 *
 * @param threads      worker threads (a fixed pool; heads of a layer are split among them)
 * @param warmupRuns   untimed runs of the whole shape before timing (JIT, caches, page faults)
 * @param timedRuns    timed runs of the whole shape
 * @param trimFraction fraction dropped from each end of the sorted run times before averaging
 * @param seed         seed of the random Q/K/V data
 * @param maxDataBytes cap on the Q/K/V/output buffers; beyond it layers reuse the buffers of earlier
 *                     layers (reported in the method string), which makes K/V more cache-resident
 * @param power        power assumption for the energy
 */
public record CpuBaselineConfig(int threads, int warmupRuns, int timedRuns, double trimFraction, long seed,
                                long maxDataBytes, CpuPower power) {

    public static final long DEFAULT_MAX_DATA_BYTES = 512L << 20;

    public CpuBaselineConfig {
        if (threads <= 0) {
            throw InvalidInputException.of("cpu baseline", "threads", "got " + threads, "a positive integer");
        }
        if (warmupRuns < 0) {
            throw InvalidInputException.of("cpu baseline", "warmupRuns", "got " + warmupRuns, "0 or more");
        }
        if (timedRuns <= 0) {
            throw InvalidInputException.of("cpu baseline", "timedRuns", "got " + timedRuns, "a positive integer");
        }
        TrimmedMean.dropped(timedRuns, trimFraction);
        if (maxDataBytes <= 0) {
            throw InvalidInputException.of("cpu baseline", "maxDataBytes", "got " + maxDataBytes, "a positive number of bytes");
        }
        if (power == null) {
            power = CpuPower.xeonTdpPerCore(threads);
        }
    }

    /** All cores, 3 warm-up runs, 20 timed runs, the paper's 15% trim, the Xeon-TDP-per-core power. */
    public static CpuBaselineConfig defaults() {
        return withThreads(Runtime.getRuntime().availableProcessors());
    }

    public static CpuBaselineConfig withThreads(int threads) {
        return new CpuBaselineConfig(threads, 3, 20, TrimmedMean.PAPER_FRACTION, 42L, DEFAULT_MAX_DATA_BYTES,
                CpuPower.xeonTdpPerCore(threads));
    }

    public CpuBaselineConfig withRuns(int warmup, int timed) {
        return new CpuBaselineConfig(threads, warmup, timed, trimFraction, seed, maxDataBytes, power);
    }

    public CpuBaselineConfig withPower(CpuPower p) {
        return new CpuBaselineConfig(threads, warmupRuns, timedRuns, trimFraction, seed, maxDataBytes, p);
    }

    public CpuBaselineConfig withMaxDataBytes(long bytes) {
        return new CpuBaselineConfig(threads, warmupRuns, timedRuns, trimFraction, seed, bytes, power);
    }
}

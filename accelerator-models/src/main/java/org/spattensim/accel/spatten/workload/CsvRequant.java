package org.spattensim.accel.spatten.workload;

/**
 * How a decision-driven replay reads a workload CSV's refetch flags (config key {@code quant.csvRequant}).
 */
public enum CsvRequant {
    /** Every flagged request (or forced one: key bits -1, 10, 12) refetches its key LSBs. */
    AS_WRITTEN,
    /**
     * As the release's RTL testbench ends up deciding [RTL sim/TestSpAtten.scala, RequantDecision.scala]: a flag
     * sets the threshold to the largest 12-bit score, and the hardware refetches when the request's maximum score
     * is below it. The testbench's query and DRAM contents are random, so the wrapped 12-bit dot products are
     * close to uniform and the refetch is skipped when one of the request's N scores saturates: with probability
     * {@code 1 - (1 - 2^-12)^N} (about a fifth at N = 1000, as one of the release's five small.csv seeds shows).
     * Drawn per request from a generator seeded with {@code topk.seed}. For replaying the release's figures only.
     */
    RELEASE_TESTBENCH;

    /** Bits of the RTL's fixed-point scores [RTL SpAtten.scala widthQuantValue = 12]. */
    public static final int SCORE_BITS = 12;

    /** Probability that none of {@code n} uniform 12-bit scores is the largest value (the refetch happens). */
    public static double refetchProbability(int n) {
        return Math.pow(1 - Math.scalb(1.0, -SCORE_BITS), n);
    }
}

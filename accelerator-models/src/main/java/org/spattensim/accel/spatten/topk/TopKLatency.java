package org.spattensim.accel.spatten.topk;

/** Closed-form cycle counts of the top-k latency models, from the candidate counts of each round. */
public final class TopKLatency {
    private TopKLatency() {}

    /**
     * Released RTL simulation [RTL sim/TopKLatencyModel.scala]: every round costs one pass of its n_i
     * candidates through P comparators plus 3 cycles.
     */
    public static long rtlSim(int[] candidates, int rounds, int parallelism) {
        long cycles = 0;
        for (int i = 0; i < rounds; i++) {
            cycles += ceilDiv(candidates[i], parallelism) + 3;
        }
        return cycles;
    }

    /**
     * C++ behaviour model [RTL bert.cpp simTopK]: fill {@code ceil(n/S)}, per round {@code floor(n_i/ze)}
     * comparator cycles + 1 (ZE) + 1 (FIFO) + 1 + 1 (state after run), drain {@code ceil(k/S)}; S is the
     * Q×K scores per cycle ({@code numMultipliers / D}), ze the zero-eliminator width ({@code sizeZE}).
     */
    public static long cppModel(int n, int k, int[] candidates, int rounds, int scoresPerCycle, int zeWidth) {
        long cycles = ceilDiv(n, scoresPerCycle);
        for (int i = 0; i < rounds; i++) {
            cycles += candidates[i] / zeWidth + 4;
        }
        return cycles + ceilDiv(k, scoresPerCycle);
    }

    /**
     * General sort-based top-k (our assumption, the ablation's "general top-k"): a bitonic network over
     * m = next power of two ≥ n has log2(m)(log2(m)+1)/2 stages of m/2 compare-exchanges; P units do a
     * stage in ceil(m / 2P) cycles; the k winners then drain at P per cycle. n = 1024, P = 16: 1773 cycles.
     */
    public static long bitonicSorter(int n, int k, int parallelism) {
        if (n <= 1) {
            return 0;
        }
        int m = Integer.highestOneBit(n - 1) << 1;
        int log = Integer.numberOfTrailingZeros(m);
        long stages = (long) log * (log + 1) / 2;
        return stages * ceilDiv(m / 2, parallelism) + ceilDiv(k, parallelism);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

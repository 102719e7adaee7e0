package org.spattensim.accel.spatten.topk;

import java.util.Random;

/**
 * The data-independent top-k latency model of the released RTL simulation, reproduced call for call
 * [RTL sim/TopKLatencyModel.scala]: for every request it draws {@code size} random integers, then runs
 * quick-select for the element at ascending index {@code target}, charging {@code ceil(n_i/P) + 3} per
 * round, until the pivot's run of equal values covers the target (or no candidate is left). One RNG,
 * seeded once (1 in the release), serves all requests in order; Scala's {@code Random} delegates to
 * {@link java.util.Random}, so the same seed and call order give the release's exact numbers.
 * Used by the decision-driven producer, where the scores are not known.
 */
public final class ReleasedTopKLatency {
    /** The release's seed ({@code rng.setSeed(1)}). */
    public static final long RELEASE_SEED = 1;

    private final Random rng;
    private int[] a = new int[0];
    private int[] b = new int[0];

    public ReleasedTopKLatency(long seed) {
        this.rng = new Random(seed);
    }

    /** Cycles of one request: {@code topKLatency(size, target, parallelism)} of the release. */
    public long latency(int size, int target, int parallelism) {
        if (a.length < size) {
            a = new int[size];
            b = new int[size];
        }
        int[] seq = a;
        int[] other = b;
        for (int i = 0; i < size; i++) {
            seq[i] = rng.nextInt();
        }
        int n = size;
        long cycles = 0;
        int currentTarget = target;
        while (n > 0) {
            cycles += (n + parallelism - 1) / parallelism + 3;
            int pivot = seq[rng.nextInt(n)];
            int left = 0;
            int equal = 0;
            for (int i = 0; i < n; i++) {
                if (seq[i] < pivot) {
                    left++;
                } else if (seq[i] == pivot) {
                    equal++;
                }
            }
            int m = 0;
            if (left <= currentTarget) {
                if (left + equal > currentTarget) {
                    break;
                }
                currentTarget -= left + equal;
                for (int i = 0; i < n; i++) {
                    if (seq[i] > pivot) {
                        other[m++] = seq[i];
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (seq[i] < pivot) {
                        other[m++] = seq[i];
                    }
                }
            }
            int[] t = seq;
            seq = other;
            other = t;
            n = m;
        }
        return cycles;
    }
}

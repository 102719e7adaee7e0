package org.spattensim.accel.spatten.topk;

import java.util.Random;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.common.InvalidInputException;

/**
 * The top-k engine [KR], [RTL TopK.scala, utils/QuickSelect.scala]: quick-select with a random pivot
 * over the actual scores, P comparators per cycle, then a final pass that keeps every element greater
 * than the k-th value plus the first (k − #greater) elements equal to it, compacted by the
 * {@link ZeroEliminator} so the output is in original order. Cycles are charged round by round from the
 * candidates each round really had, with the configured {@link TopKLatencyKind}.
 *
 * <p>The pivot RNG is seeded once per engine; the same scores in the same call order give the same
 * cycles. When k ≥ n nothing needs selecting: all are kept at 0 cycles (the engine is bypassed).
 * Not thread-safe (reuses its scratch buffers).
 */
public final class TopKEngine {
    private final int parallelism;
    private final TopKLatencyKind kind;
    private final int zeWidth;
    private final int scoresPerCycle;
    private final Random rng;
    private int[] bufA = new int[0];
    private int[] bufB = new int[0];
    private int[] rounds = new int[16];

    /**
     * @param parallelism    comparators P
     * @param kind           latency model
     * @param zeWidth        zero-eliminator width of the C++ model
     * @param scoresPerCycle Q×K scores per cycle (fill/drain rate of the C++ model)
     * @param seed           pivot RNG seed
     */
    public TopKEngine(int parallelism, TopKLatencyKind kind, int zeWidth, int scoresPerCycle, long seed) {
        if (parallelism <= 0 || zeWidth <= 0 || scoresPerCycle <= 0) {
            throw new InvalidInputException("top-k engine: parallelism, zeWidth and scoresPerCycle must be > 0; got "
                    + parallelism + ", " + zeWidth + ", " + scoresPerCycle);
        }
        this.parallelism = parallelism;
        this.kind = kind;
        this.zeWidth = zeWidth;
        this.scoresPerCycle = scoresPerCycle;
        this.rng = new Random(seed);
    }

    /** The engine a design point describes. */
    public static TopKEngine of(SpattenConfig config) {
        SpattenConfig.TopK t = config.topk();
        return new TopKEngine(t.parallelism(), t.latencyModel(), t.zeroEliminatorWidth(),
                config.compute().scoresPerCycle(), t.seed());
    }

    public TopKLatencyKind kind() {
        return kind;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Top-k of {@code scores[0..n)}; the largest k are kept. */
    public TopKResult select(double[] scores, int n, int k) {
        if (n < 0 || n > scores.length || k < 0) {
            throw new InvalidInputException("top-k engine: n = " + n + ", k = " + k + " with " + scores.length
                    + " scores; expected 0 <= n <= scores and k >= 0");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new InvalidInputException("top-k engine: score " + i + " is NaN; expected a number");
            }
        }
        if (k >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return new TopKResult(all, n == 0 ? Double.NaN : min(scores, n), 0, new int[0], 0);
        }
        if (k == 0) {
            return new TopKResult(new int[0], Double.NaN, 0, new int[0], 0);
        }
        ensure(n);
        int[] cand = bufA;
        int[] next = bufB;
        for (int i = 0; i < n; i++) {
            cand[i] = i;
        }
        int size = n;
        int target = k - 1; // index of the k-th largest in descending order
        int roundCount = 0;
        double kth;
        while (true) {
            if (roundCount == rounds.length) {
                rounds = java.util.Arrays.copyOf(rounds, roundCount * 2);
            }
            rounds[roundCount++] = size;
            double pivot = scores[cand[rng.nextInt(size)]];
            int greater = 0;
            int equal = 0;
            for (int i = 0; i < size; i++) {
                double s = scores[cand[i]];
                if (s > pivot) {
                    greater++;
                } else if (s == pivot) {
                    equal++;
                }
            }
            if (greater > target) {
                int m = 0;
                for (int i = 0; i < size; i++) {
                    if (scores[cand[i]] > pivot) {
                        next[m++] = cand[i];
                    }
                }
                size = m;
            } else if (greater + equal > target) {
                kth = pivot;
                break;
            } else {
                target -= greater + equal;
                int m = 0;
                for (int i = 0; i < size; i++) {
                    if (scores[cand[i]] < pivot) {
                        next[m++] = cand[i];
                    }
                }
                size = m;
            }
            int[] t = cand;
            cand = next;
            next = t;
        }
        int[] kept = finalPass(scores, n, k, kth);
        int[] roundSizes = java.util.Arrays.copyOf(rounds, roundCount);
        long cycles = switch (kind) {
            case RTL_SIM -> TopKLatency.rtlSim(roundSizes, roundCount, parallelism);
            case CPP_MODEL -> TopKLatency.cppModel(n, k, roundSizes, roundCount, scoresPerCycle, zeWidth);
            case BITONIC_SORTER -> TopKLatency.bitonicSorter(n, k, parallelism);
        };
        return new TopKResult(kept, kth, roundCount, roundSizes, cycles);
    }

    /** Keeps elements above the k-th value and the first (k − #greater) equal to it, in original order. */
    private static int[] finalPass(double[] scores, int n, int k, double kth) {
        int greater = 0;
        for (int i = 0; i < n; i++) {
            if (scores[i] > kth) {
                greater++;
            }
        }
        int equalsAllowed = k - greater;
        boolean[] keep = new boolean[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            if (scores[i] > kth) {
                keep[i] = true;
            } else if (scores[i] == kth && equalsAllowed > 0) {
                keep[i] = true;
                equalsAllowed--;
            }
        }
        return ZeroEliminator.compact(keep, idx, n);
    }

    private void ensure(int n) {
        if (bufA.length < n) {
            bufA = new int[n];
            bufB = new int[n];
        }
    }

    private static double min(double[] s, int n) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, s[i]);
        }
        return m;
    }
}

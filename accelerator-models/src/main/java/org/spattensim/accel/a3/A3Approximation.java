package org.spattensim.accel.a3;

import java.util.Arrays;

/**
 * A3's approximate attention for the queries of one group [A3] (Ham et al., HPCA 2020, "approximation" and
 * "candidate selection"), on the trace's data.
 *
 * <p>Preprocessing sorts every key column. The candidate search then runs M greedy iterations: each takes the
 * largest remaining element product {@code q_j * K[i][j]} over all columns (from the end of column j's order that
 * the sign of {@code q_j} makes largest) and adds it to row i's estimate, and likewise takes the smallest remaining
 * product and adds it; rows whose estimate ends positive are the candidates. This is the greedy budgeted
 * inner-product search A3 builds on [YU17]: taking the largest column head M times is the M largest products of
 * the whole matrix. The dot-product module scores the candidates exactly; post-scoring selection keeps those
 * within {@code threshold} of the best score; the output module weights their values by the softmax over the kept.
 * When no estimate is positive the row with the largest estimate is the one candidate (our choice: the output must
 * be defined). Causal masking: rows at or beyond a query's context are skipped by the column walk at no cost.
 */
public final class A3Approximation {
    /** What one query did. */
    public record Outcome(int context, int iterations, int candidates, int kept) {}

    private final int d;
    private final double iterationFraction;
    private final double threshold;
    private final double invSqrtD;
    private int n;
    private float[] keys;
    /** Per column, row indices in ascending key order. */
    private int[][] order;
    private final int[] lo;
    private final int[] hi;
    private double[] estimate;
    private int[] touched;
    private boolean[] isTouched;
    private int touchedCount;
    private final ColumnHeap maxHeap;
    private final ColumnHeap minHeap;
    private double[] scores;
    private int[] cand;

    public A3Approximation(int headDim, double iterationFraction, double threshold) {
        this.d = headDim;
        this.iterationFraction = iterationFraction;
        this.threshold = threshold;
        this.invSqrtD = 1.0 / Math.sqrt(headDim);
        this.lo = new int[headDim];
        this.hi = new int[headDim];
        this.maxHeap = new ColumnHeap(headDim, true);
        this.minHeap = new ColumnHeap(headDim, false);
    }

    /** M for a query that sees {@code context} keys. */
    public int iterations(int context) {
        return Math.max(1, (int) Math.ceil(iterationFraction * context));
    }

    /**
     * Preprocessing: sorts each of the D columns of the group's keys ({@code n} rows, row-major, D per row).
     */
    public void prepare(float[] keys, int n) {
        this.keys = keys;
        this.n = n;
        if (order == null || order[0].length < n) {
            order = new int[d][n];
            estimate = new double[n];
            touched = new int[n];
            isTouched = new boolean[n];
            scores = new double[n];
            cand = new int[n];
        }
        long[] packed = new long[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                packed[i] = ((long) sortable(keys[i * d + j]) << 32) | i;
            }
            Arrays.sort(packed, 0, n);
            for (int i = 0; i < n; i++) {
                order[j][i] = (int) packed[i];
            }
        }
    }

    /** A float's bits as an int that orders like the float. */
    static int sortable(float f) {
        int b = Float.floatToIntBits(f);
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    /**
     * Runs one query over the first {@code context} keys; writes the approximate output to {@code out} (D values)
     * and, when {@code reference} is not null, the exact softmax attention output to it.
     */
    public Outcome query(double[] q, int context, float[] values, double[] out, double[] reference) {
        int m = iterations(context);
        touchedCount = 0;
        maxHeap.clear();
        minHeap.clear();
        for (int j = 0; j < d; j++) {
            lo[j] = 0;
            hi[j] = n - 1;
            skipMasked(j, context);
            if (lo[j] <= hi[j]) {
                maxHeap.push(j, product(q, j, true));
                minHeap.push(j, product(q, j, false));
            }
        }
        int done = 0;
        for (int it = 0; it < m; it++) {
            boolean any = take(q, maxHeap, true, context);
            any |= take(q, minHeap, false, context);
            if (!any) {
                break;
            }
            done++;
        }
        int c = 0;
        int best = -1;
        for (int t = 0; t < touchedCount; t++) {
            int row = touched[t];
            if (estimate[row] > 0) {
                cand[c++] = row;
            }
            if (best < 0 || estimate[row] > estimate[best]) {
                best = row;
            }
        }
        if (c == 0) {
            cand[c++] = best < 0 ? 0 : best;
        }
        for (int t = 0; t < touchedCount; t++) {
            estimate[touched[t]] = 0;
            isTouched[touched[t]] = false;
        }
        Arrays.sort(cand, 0, c);
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < c; t++) {
            scores[t] = dot(q, cand[t]) * invSqrtD;
            max = Math.max(max, scores[t]);
        }
        int kept = 0;
        double sum = 0;
        Arrays.fill(out, 0, d, 0);
        for (int t = 0; t < c; t++) {
            if (scores[t] >= max - threshold) {
                kept++;
                double w = Math.exp(scores[t] - max);
                sum += w;
                int base = cand[t] * d;
                for (int e = 0; e < d; e++) {
                    out[e] += w * values[base + e];
                }
            }
        }
        for (int e = 0; e < d; e++) {
            out[e] /= sum;
        }
        if (reference != null) {
            exact(q, context, values, reference);
        }
        return new Outcome(context, done, c, kept);
    }

    /** Dense float64 softmax attention over the first {@code context} keys. */
    void exact(double[] q, int context, float[] values, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < context; i++) {
            scores[i] = dot(q, i) * invSqrtD;
            max = Math.max(max, scores[i]);
        }
        Arrays.fill(out, 0, d, 0);
        double sum = 0;
        for (int i = 0; i < context; i++) {
            double w = Math.exp(scores[i] - max);
            sum += w;
            int base = i * d;
            for (int e = 0; e < d; e++) {
                out[e] += w * values[base + e];
            }
        }
        for (int e = 0; e < d; e++) {
            out[e] /= sum;
        }
    }

    private double dot(double[] q, int row) {
        double s = 0;
        int base = row * d;
        for (int e = 0; e < d; e++) {
            s += q[e] * keys[base + e];
        }
        return s;
    }

    /** The row at the end of column j that the max side (largest product) or min side takes next. */
    private int endRow(double[] q, int j, boolean largest) {
        boolean top = (q[j] >= 0) == largest;
        return order[j][top ? hi[j] : lo[j]];
    }

    private double product(double[] q, int j, boolean largest) {
        return q[j] * keys[endRow(q, j, largest) * d + j];
    }

    /** Pops one side's best column head into its row's estimate; false when every column is used up. */
    private boolean take(double[] q, ColumnHeap heap, boolean largest, int context) {
        while (heap.size() > 0) {
            int j = heap.popColumn();
            if (lo[j] > hi[j]) {
                continue;
            }
            int row = endRow(q, j, largest);
            estimate[row] += q[j] * keys[row * d + j];
            if (!isTouched[row]) {
                isTouched[row] = true;
                touched[touchedCount++] = row;
            }
            // Only the advanced end can reach masked rows: both ends were unmasked when the query began.
            if ((q[j] >= 0) == largest) {
                hi[j]--;
                while (lo[j] <= hi[j] && order[j][hi[j]] >= context) {
                    hi[j]--;
                }
            } else {
                lo[j]++;
                while (lo[j] <= hi[j] && order[j][lo[j]] >= context) {
                    lo[j]++;
                }
            }
            if (lo[j] <= hi[j]) {
                heap.push(j, product(q, j, largest));
            }
            return true;
        }
        return false;
    }

    private void skipMasked(int j, int context) {
        while (lo[j] <= hi[j] && order[j][lo[j]] >= context) {
            lo[j]++;
        }
        while (lo[j] <= hi[j] && order[j][hi[j]] >= context) {
            hi[j]--;
        }
    }

    /** A binary heap of column ids keyed by their current product (max-heap or min-heap). */
    static final class ColumnHeap {
        private final int[] col;
        private final double[] key;
        private final boolean max;
        private int size;

        ColumnHeap(int capacity, boolean max) {
            this.col = new int[capacity];
            this.key = new double[capacity];
            this.max = max;
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        private boolean before(double a, int ca, double b, int cb) {
            if (a != b) {
                return max ? a > b : a < b;
            }
            return ca < cb;
        }

        void push(int c, double k) {
            int i = size++;
            while (i > 0) {
                int p = (i - 1) / 2;
                if (!before(k, c, key[p], col[p])) {
                    break;
                }
                col[i] = col[p];
                key[i] = key[p];
                i = p;
            }
            col[i] = c;
            key[i] = k;
        }

        int popColumn() {
            int top = col[0];
            size--;
            if (size > 0) {
                int c = col[size];
                double k = key[size];
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    if (l >= size) {
                        break;
                    }
                    int r = l + 1;
                    int b = r < size && before(key[r], col[r], key[l], col[l]) ? r : l;
                    if (!before(key[b], col[b], k, c)) {
                        break;
                    }
                    col[i] = col[b];
                    key[i] = key[b];
                    i = b;
                }
                col[i] = c;
                key[i] = k;
            }
            return top;
        }
    }
}

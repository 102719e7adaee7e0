package org.spattensim.trace.stats;

import java.util.Arrays;

/** Accumulates {@link HeadStats} for one (layer, head) from probability rows. Not thread-safe. */
public final class HeadStatsAccumulator {
    private final int layer;
    private final int head;
    private final StatsOptions options;
    private int rows;
    private double keys;
    private double entropy;
    private double normEntropy;
    private double top;
    private double sink;
    private double local;
    private double[] maxima = new double[16];
    private double[] scratch = new double[0];

    public HeadStatsAccumulator(int layer, int head, StatsOptions options) {
        this.layer = layer;
        this.head = head;
        this.options = options;
    }

    /**
     * Adds one row: probabilities of keys 0..n-1 in {@code p[off..off+n)}, produced by the query at
     * position {@code queryPosition}. The row is renormalised by its sum (F16 storage, rounding).
     */
    public void add(float[] p, int off, int n, int queryPosition) {
        if (n < 1) {
            throw new IllegalArgumentException("a row needs at least one key");
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += p[off + j];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("row of layer " + layer + " head " + head + " at position "
                    + queryPosition + " sums to " + sum);
        }
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        double h = 0;
        double max = 0;
        double s = 0;
        double loc = 0;
        for (int j = 0; j < n; j++) {
            double q = p[off + j] / sum;
            scratch[j] = q;
            if (q > 0) {
                h -= q * Math.log(q);
            }
            max = Math.max(max, q);
            if (j < options.sinkTokens()) {
                s += q;
            }
            if (Math.abs(j - queryPosition) < options.localWindow()) {
                loc += q;
            }
        }
        int k = Math.max(1, (int) Math.ceil(options.topFraction() * n - 1e-9));
        Arrays.sort(scratch, 0, n);
        double t = 0;
        for (int j = n - k; j < n; j++) {
            t += scratch[j];
        }
        if (rows == maxima.length) {
            maxima = Arrays.copyOf(maxima, rows * 2);
        }
        maxima[rows++] = max;
        keys += n;
        entropy += h;
        normEntropy += n > 1 ? h / Math.log(n) : 0;
        top += t;
        sink += s;
        local += loc;
    }

    public int rows() {
        return rows;
    }

    public HeadStats result() {
        if (rows == 0) {
            return new HeadStats(layer, head, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] m = Arrays.copyOf(maxima, rows);
        Arrays.sort(m);
        double mean = 0;
        for (double x : m) {
            mean += x;
        }
        return new HeadStats(layer, head, rows, keys / rows, entropy / rows, normEntropy / rows, mean / rows,
                quantile(m, 0.1), quantile(m, 0.5), quantile(m, 0.9), top / rows, sink / rows, local / rows);
    }

    /** Linear-interpolation quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

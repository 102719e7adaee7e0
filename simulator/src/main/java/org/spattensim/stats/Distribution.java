package org.spattensim.stats;

import java.util.Arrays;
import java.util.List;

/**
 * A distribution of samples (latencies, occupancies) with exact order statistics. Samples are kept
 * in a growing {@code double[]} (8 bytes each), so percentiles are exact; {@link #record(double)}
 * does not allocate except when the array doubles.
 *
 * <p>Percentiles use the nearest-rank definition: the p-th percentile of n sorted samples is the
 * sample at 1-based rank {@code ceil(p / 100 * n)}. An empty distribution reports 0 for mean, min,
 * percentiles and max.
 */
public final class Distribution extends Stat {
    private double[] samples = new double[64];
    private int count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean sorted = true;

    Distribution(String name, String unit, String description) {
        super(name, unit, description);
    }

    /** Adds one sample; NaN and infinities are rejected. */
    public void record(double sample) {
        if (!Double.isFinite(sample)) {
            throw new IllegalArgumentException("stat " + name() + ": sample must be finite, was " + sample);
        }
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        if (count > 0 && sample < samples[count - 1]) {
            sorted = false;
        }
        samples[count++] = sample;
        sum += sample;
        if (sample < min) {
            min = sample;
        }
        if (sample > max) {
            max = sample;
        }
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double mean() {
        return count == 0 ? 0.0 : sum / count;
    }

    public double min() {
        return count == 0 ? 0.0 : min;
    }

    public double max() {
        return count == 0 ? 0.0 : max;
    }

    /** Nearest-rank percentile, {@code 0 < p <= 100}. */
    public double percentile(double p) {
        if (!(p > 0.0 && p <= 100.0)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (count == 0) {
            return 0.0;
        }
        if (!sorted) {
            Arrays.sort(samples, 0, count);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return samples[Math.max(rank, 1) - 1];
    }

    public double p50() {
        return percentile(50);
    }

    public double p99() {
        return percentile(99);
    }

    /**
     * Counts samples in {@code bins} equal-width bins over {@code [lo, hi)}; samples outside the range
     * are clamped into the first or last bin.
     */
    public long[] histogram(double lo, double hi, int bins) {
        if (bins < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("histogram needs bins >= 1 and hi > lo, got bins=" + bins
                    + " lo=" + lo + " hi=" + hi);
        }
        long[] h = new long[bins];
        double width = (hi - lo) / bins;
        for (int i = 0; i < count; i++) {
            int b = (int) Math.floor((samples[i] - lo) / width);
            h[Math.min(Math.max(b, 0), bins - 1)]++;
        }
        return h;
    }

    @Override
    List<StatRow> rows() {
        String d = description();
        return List.of(
                new StatRow(name() + ".count", count(), "samples", d + " (number of samples)"),
                new StatRow(name() + ".mean", mean(), unit(), d + " (mean)"),
                new StatRow(name() + ".min", min(), unit(), d + " (minimum)"),
                new StatRow(name() + ".p50", p50(), unit(), d + " (median)"),
                new StatRow(name() + ".p99", p99(), unit(), d + " (99th percentile)"),
                new StatRow(name() + ".max", max(), unit(), d + " (maximum)"));
    }
}

package org.spattensim.accel.kvstream;

import org.spattensim.stats.StatsRegistry;

/**
 * Output error against the float64 exact attention. {@link #STAT} is measured as the SpAtten functional model
 * measures it (its {@code LayerError}): per layer ‖out − ref‖₂ / ‖ref‖₂ over all the layer's outputs, reported as
 * the mean over layers so every design's accuracy cost reads the same way; the per-query mean and maximum come
 * with it.
 */
public final class OutputError {
    /** The statistic every design registers. */
    public static final String STAT = "quality.output_rel_l2";
    private final double[] errSq;
    private final double[] refSq;
    private long outputs;
    private double perQuerySum;
    private double perQueryMax;

    public OutputError(int layers) {
        errSq = new double[layers];
        refSq = new double[layers];
    }

    /** Adds one output vector of a layer and its exact reference. */
    public void add(int layer, double[] out, double[] ref, int d) {
        double num = 0;
        double den = 0;
        for (int e = 0; e < d; e++) {
            double diff = out[e] - ref[e];
            num += diff * diff;
            den += ref[e] * ref[e];
        }
        errSq[layer] += num;
        refSq[layer] += den;
        double rel = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        outputs++;
        perQuerySum += rel;
        perQueryMax = Math.max(perQueryMax, rel);
    }

    public double meanRelativeL2() {
        double sum = 0;
        for (int l = 0; l < errSq.length; l++) {
            sum += refSq[l] == 0 ? Math.sqrt(errSq[l]) : Math.sqrt(errSq[l] / refSq[l]);
        }
        return sum / errSq.length;
    }

    /** Registers {@link #STAT} and the per-query mean and maximum. */
    public void register(StatsRegistry s) {
        register(s, meanRelativeL2());
        s.scalar("quality.output_rel_error_mean", "ratio",
                "mean over queries of |output - exact attention output| / |exact| (float64 reference)")
                .set(outputs == 0 ? 0 : perQuerySum / outputs);
        s.scalar("quality.output_rel_error_max", "ratio", "largest per-query relative output error").set(perQueryMax);
    }

    /** Registers {@link #STAT} with a mean over layers of the given per-layer relative errors. */
    public static void register(StatsRegistry s, double meanRelativeL2) {
        s.scalar(STAT, "ratio", "mean over layers of |output - exact attention output|_2 / |exact|_2 (float64 "
                + "reference on the trace's data)").set(meanRelativeL2);
    }
}

package org.spattensim.accel.kvstream;

import org.spattensim.stats.StatsRegistry;

/**
 * Output error against the float64 exact attention, as the SpAtten functional model measures it (its
 * {@code LayerError}): per layer ‖out − ref‖₂ / ‖ref‖₂ over all the layer's outputs; reported as the mean over
 * layers so every design's accuracy cost reads the same way.
 */
public final class OutputError {
    /** The statistic every design registers. */
    public static final String STAT = "quality.output_rel_l2";
    private final double[] errSq;
    private final double[] refSq;

    public OutputError(int layers) {
        errSq = new double[layers];
        refSq = new double[layers];
    }

    public void add(int layer, double[] out, double[] ref, int d) {
        for (int e = 0; e < d; e++) {
            double diff = out[e] - ref[e];
            errSq[layer] += diff * diff;
            refSq[layer] += ref[e] * ref[e];
        }
    }

    public double meanRelativeL2() {
        double sum = 0;
        for (int l = 0; l < errSq.length; l++) {
            sum += refSq[l] == 0 ? Math.sqrt(errSq[l]) : Math.sqrt(errSq[l] / refSq[l]);
        }
        return sum / errSq.length;
    }

    /** Registers {@link #STAT} with a mean over layers of the given per-layer relative errors. */
    public static void register(StatsRegistry s, double meanRelativeL2) {
        s.scalar(STAT, "ratio", "mean over layers of |output - exact attention output|_2 / |exact|_2 (float64 "
                + "reference on the trace's data)").set(meanRelativeL2);
    }
}

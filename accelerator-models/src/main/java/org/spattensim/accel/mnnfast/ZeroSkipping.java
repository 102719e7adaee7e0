package org.spattensim.accel.mnnfast;

import java.util.Arrays;

/**
 * MNNFast's attention with zero-skipping [MNNF] on the trace's data: every key is scored and exponentiated
 * (column-based streaming: each chunk's partial output is accumulated with the running exponent sum, the "lazy
 * softmax"), and a value row enters the output only when its probability is at least the threshold. The skipped
 * rows' exponents still count in the denominator, as they do in the lazy sum. The skip decision here uses the
 * exact probability; the hardware's streaming estimate can only be less informed (our simplification).
 */
public final class ZeroSkipping {
    private final int d;
    private final double threshold;
    private final double invSqrtD;
    private double[] scores = new double[0];

    public ZeroSkipping(int headDim, double threshold) {
        this.d = headDim;
        this.threshold = threshold;
        this.invSqrtD = 1.0 / Math.sqrt(headDim);
    }

    /**
     * One query over the first {@code context} rows: writes, per chunk of {@code chunkRows}, the value rows computed
     * into {@code computedPerChunk}, the output with skipping into {@code out} and the exact output into
     * {@code reference}.
     *
     * @return value rows computed (not skipped)
     */
    public int query(double[] q, int context, float[] keys, float[] values, int chunkRows, int[] computedPerChunk,
                     double[] out, double[] reference) {
        if (scores.length < context) {
            scores = new double[context];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < context; i++) {
            double s = 0;
            int base = i * d;
            for (int e = 0; e < d; e++) {
                s += q[e] * keys[base + e];
            }
            scores[i] = s * invSqrtD;
            max = Math.max(max, scores[i]);
        }
        double sum = 0;
        for (int i = 0; i < context; i++) {
            scores[i] = Math.exp(scores[i] - max);
            sum += scores[i];
        }
        Arrays.fill(out, 0, d, 0);
        Arrays.fill(reference, 0, d, 0);
        int computed = 0;
        for (int i = 0; i < context; i++) {
            double p = scores[i] / sum;
            int base = i * d;
            boolean keep = p >= threshold;
            if (keep) {
                computed++;
                computedPerChunk[i / chunkRows]++;
            }
            for (int e = 0; e < d; e++) {
                double w = p * values[base + e];
                reference[e] += w;
                if (keep) {
                    out[e] += w;
                }
            }
        }
        return computed;
    }
}

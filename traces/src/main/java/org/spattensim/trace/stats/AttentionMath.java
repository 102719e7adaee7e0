package org.spattensim.trace.stats;

/** softmax(q·k / sqrt(D)) over a key range, accumulated in double. */
public final class AttentionMath {
    private AttentionMath() {
    }

    /**
     * Writes the probabilities of one query over keys 0..n-1 into {@code dst[0..n)}.
     *
     * @param q       query array; the query is {@code q[qOff..qOff+d)}
     * @param k       key array; key j is {@code k[kOff + j*kStride ..+d)}
     * @param scores  scratch of length ≥ n
     */
    public static void softmaxRow(float[] q, int qOff, float[] k, int kOff, int kStride, int n, int d,
                                  double[] scores, float[] dst) {
        double scale = 1.0 / Math.sqrt(d);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            int ko = kOff + j * kStride;
            double s = 0;
            for (int x = 0; x < d; x++) {
                s += (double) q[qOff + x] * k[ko + x];
            }
            s *= scale;
            scores[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(scores[j] - max);
            scores[j] = e;
            sum += e;
        }
        for (int j = 0; j < n; j++) {
            dst[j] = (float) (scores[j] / sum);
        }
    }
}

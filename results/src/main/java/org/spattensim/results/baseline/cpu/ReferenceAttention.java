package org.spattensim.results.baseline.cpu;

/**
 * Textbook attention of one head in float64, for checking the float32 kernel: for each query row,
 * {@code softmax(q K^T / sqrt(d)) V} over the first {@code keys(i)} keys, straight loops, no tricks.
 */
public final class ReferenceAttention {
    private ReferenceAttention() {
    }

    /**
     * @param q        {@code nQ x d} queries, row-major, starting at {@code qOff}
     * @param k        keys, row-major {@code d} floats per row, starting at {@code kOff}
     * @param v        values, same layout as keys
     * @param keysOfFirst keys seen by query 0; query i sees {@code keysOfFirst + i * keyStep} keys
     * @param keyStep  1 for causal or decode shapes, 0 when every query sees the same keys
     * @return {@code nQ x d} outputs, row-major
     */
    public static double[] attend(float[] q, int qOff, int nQ, float[] k, int kOff, float[] v, int vOff,
                                  int d, int keysOfFirst, int keyStep) {
        double scale = 1.0 / Math.sqrt(d);
        double[] out = new double[nQ * d];
        for (int i = 0; i < nQ; i++) {
            int nK = keysOfFirst + i * keyStep;
            double[] s = new double[nK];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nK; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) q[qOff + i * d + c] * k[kOff + j * d + c];
                }
                s[j] = dot * scale;
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < nK; j++) {
                s[j] = Math.exp(s[j] - max);
                sum += s[j];
            }
            for (int j = 0; j < nK; j++) {
                double p = s[j] / sum;
                for (int c = 0; c < d; c++) {
                    out[i * d + c] += p * v[vOff + j * d + c];
                }
            }
        }
        return out;
    }
}

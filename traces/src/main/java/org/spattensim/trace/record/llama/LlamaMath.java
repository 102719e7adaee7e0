package org.spattensim.trace.record.llama;

import java.util.Arrays;

/**
 * The numeric kernels of the Llama-2 forward pass, as plain static functions on float arrays with offsets so
 * they allocate nothing and can be checked one by one against closed forms.
 */
public final class LlamaMath {
    private LlamaMath() {
    }

    /**
     * RMSNorm: {@code out[i] = weight[i] * x[i] / sqrt(mean(x^2) + eps)}. The mean is accumulated in double.
     * {@code out} may be {@code x}.
     */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int weightOffset, int n, float eps) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[i] * x[i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[i] = weight[weightOffset + i] * (scale * x[i]);
        }
    }

    /** {@code out[0..rows) = W[rows][cols] · x}, W row-major starting at {@code wOffset}. */
    public static void matmul(float[] out, float[] x, float[] w, int wOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = wOffset + r * cols;
            float sum = 0f;
            for (int c = 0; c < cols; c++) {
                sum += w[base + c] * x[c];
            }
            out[r] = sum;
        }
    }

    /**
     * Rotary position embedding as llama2.c applies it: within each head of {@code headSize} values, the adjacent
     * pair {@code (i, i+1)} (i even) is rotated by the angle {@code pos * theta^(-i / headSize)}.
     * Applied in place to {@code n} values (a whole query or key vector of several heads).
     */
    public static void rope(float[] v, int n, int headSize, int pos, double theta) {
        for (int i = 0; i < n; i += 2) {
            int j = i % headSize;
            double angle = pos * Math.pow(theta, -(double) j / headSize);
            float c = (float) Math.cos(angle);
            float s = (float) Math.sin(angle);
            float a = v[i];
            float b = v[i + 1];
            v[i] = a * c - b * s;
            v[i + 1] = a * s + b * c;
        }
    }

    /**
     * Softmax over the entries {@code 0..n-1} of {@code x} whose {@code keep} flag is set (all when {@code keep}
     * is null); the others become 0. Max-subtracted for stability, exponentials in double.
     * Returns the sum of the kept exponentials (0 when nothing is kept, and then every entry is 0).
     */
    public static double softmax(float[] x, boolean[] keep, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if ((keep == null || keep[i]) && x[i] > max) {
                max = x[i];
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(x, 0, n, 0f);
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (keep == null || keep[i]) {
                double e = Math.exp(x[i] - max);
                x[i] = (float) e;
                sum += e;
            } else {
                x[i] = 0f;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = (float) (x[i] / sum);
        }
        return sum;
    }

    /** SiLU (swish): {@code x * sigmoid(x)}. */
    public static float silu(float x) {
        return (float) (x / (1.0 + Math.exp(-x)));
    }
}

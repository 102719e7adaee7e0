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

    /**
     * {@code out[0..rows) = W[rows][cols] · x}, W row-major starting at {@code wOffset}. Four partial sums per row
     * (element c goes to sum c mod 4, added as (s0 + s1) + (s2 + s3)) so the adds pipeline; the order is fixed, so
     * results are the same on every run.
     */
    public static void matmul(float[] out, float[] x, float[] w, int wOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            out[r] = dot(w, wOffset + r * cols, x, 0, cols);
        }
    }

    /** {@code sum_i a[aOff + i] * b[bOff + i]} for i < n, with the four partial sums of {@link #matmul}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            s0 += a[aOff + c] * b[bOff + c];
            s1 += a[aOff + c + 1] * b[bOff + c + 1];
            s2 += a[aOff + c + 2] * b[bOff + c + 2];
            s3 += a[aOff + c + 3] * b[bOff + c + 3];
        }
        for (; c < n; c++) {
            s0 += a[aOff + c] * b[bOff + c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Rotary position embedding as llama2.c applies it: within each head of {@code headSize} values, the adjacent
     * pair {@code (i, i+1)} (i even) is rotated by the angle {@code pos * theta^(-i / headSize)}.
     * Applied in place to {@code n} values (a whole query or key vector of several heads).
     */
    public static void rope(float[] v, int n, int headSize, int pos, double theta) {
        float[] cos = new float[headSize / 2];
        float[] sin = new float[headSize / 2];
        ropeTables(cos, sin, headSize, pos, theta);
        rope(v, n, headSize, cos, sin);
    }

    /** The cosines and sines of {@link #rope} for one position: {@code headSize / 2} angles, computed in double. */
    public static void ropeTables(float[] cos, float[] sin, int headSize, int pos, double theta) {
        for (int j = 0; j < headSize / 2; j++) {
            double angle = pos * Math.pow(theta, -(double) (2 * j) / headSize);
            cos[j] = (float) Math.cos(angle);
            sin[j] = (float) Math.sin(angle);
        }
    }

    /** {@link #rope} with the angle tables of the position precomputed by {@link #ropeTables}. */
    public static void rope(float[] v, int n, int headSize, float[] cos, float[] sin) {
        for (int i = 0; i < n; i += 2) {
            int j = (i % headSize) >> 1;
            float a = v[i];
            float b = v[i + 1];
            v[i] = a * cos[j] - b * sin[j];
            v[i + 1] = a * sin[j] + b * cos[j];
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

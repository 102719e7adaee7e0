package org.spattensim.accel.spatten.quant;

/**
 * Symmetric linear quantization ("qlinear ... sym" in the released workload names [RTL workloads]):
 * {@code q = clamp(round(x / scale), −(2^(b−1) − 1), 2^(b−1) − 1)}, {@code scale = maxAbs / (2^(b−1) − 1)}.
 * The scale is calibrated per tensor (one head's K, V or Q) from its largest magnitude; our assumption,
 * the paper's calibration is not public.
 */
public final class LinearQuantizer {
    private LinearQuantizer() {}

    /** Largest code of a b-bit signed symmetric format. */
    public static long maxCode(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    public static double scale(double maxAbs, int bits) {
        return maxAbs > 0 ? maxAbs / maxCode(bits) : 1;
    }

    public static long quantize(double x, double scale, int bits) {
        long m = maxCode(bits);
        long q = Math.round(x / scale);
        return Math.max(-m, Math.min(m, q));
    }

    /** Quantize-dequantize {@code v} in place at {@code bits} with a per-vector scale. */
    public static void fakeQuantize(double[] v, int bits) {
        double maxAbs = 0;
        for (double x : v) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        double s = scale(maxAbs, bits);
        for (int i = 0; i < v.length; i++) {
            v[i] = quantize(v[i], s, bits) * s;
        }
    }

    public static double maxAbs(double[][] rows, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            for (double x : rows[i]) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }
}

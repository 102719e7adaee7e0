package org.spattensim.accel.spatten.softmax;

/**
 * e^x as the softmax unit computes it: a 5th-order Taylor polynomial [KR] after range reduction, as a
 * floating-point exp unit would do it (our design; the paper says only "5th-order Taylor"). The input
 * (a score minus the row maximum, so x ≤ 0) is split as x = (8n + j)·ln2/8 + r with integers n, j ∈ [0, 8)
 * and |r| ≤ ln2/16; e^r comes from the polynomial (Horner form, 5 multiply-adds), 2^(j/8) from an
 * 8-entry table and 2^n is an exponent adjustment, which costs no multiplier. The relative error of
 * the polynomial is below r^6/720 ≤ 1e-11, so the softmax matches a {@link Math#exp} reference to
 * float64 rounding level.
 */
public final class TaylorExp {
    private static final double STEP = Math.log(2) / 8;
    private static final double INV_STEP = 1 / STEP;
    private static final double[] POW2_EIGHTHS = new double[8];

    static {
        for (int j = 0; j < 8; j++) {
            POW2_EIGHTHS[j] = Math.pow(2, j / 8.0);
        }
    }

    private TaylorExp() {}

    public static double exp(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < -745.2) {
            return 0;
        }
        if (x > 709.8) {
            return Double.POSITIVE_INFINITY;
        }
        long m = Math.round(x * INV_STEP);
        double r = x - m * STEP;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
        int j = (int) Math.floorMod(m, 8L);
        long n = Math.floorDiv(m, 8L);
        return Math.scalb(p * POW2_EIGHTHS[j], (int) n);
    }
}

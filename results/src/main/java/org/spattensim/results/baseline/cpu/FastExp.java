package org.spattensim.results.baseline.cpu;

/**
 * {@code exp(x)} for the non-positive arguments of a max-subtracted softmax, in float: n is the integer
 * nearest to x log2(e), r = x - n ln2 (Cody-Waite: ln2 split in two constants so r keeps its bits) lies
 * in [-ln2/2, ln2/2]; 2^n is built from the exponent bits and e^r from its Taylor series to degree 6
 * (truncation error below 1.3e-7 relative).
 * Branch-free so that the loop in {@link #expInPlace} stays cheap; {@link Math#exp} on double costs
 * several times more per element and would dominate the softmax.
 */
final class FastExp {
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI - LN2_LO (Cephes' split: LN2_HI has few significant bits, so n * LN2_HI is exact). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = 2.12194440e-4f;
    /** Below this, 2^n would leave the normal floats; e^-87.3 is 1e-38, nothing next to a softmax sum >= 1. */
    private static final float MIN_X = -87.3f;

    private FastExp() {
    }

    /** e^x for x <= 0; inputs below -87.3 return e^-87.3 (about 1e-38, far below one ulp of any sum >= 1). */
    static float exp(float x) {
        float xc = Math.max(x, MIN_X);
        int n = (int) (xc * LOG2E - 0.5f);
        float y = xc - n * LN2_HI + n * LN2_LO;
        float p = 1f + y * (1f + y * (0.5f + y * (1f / 6 + y * (1f / 24 + y * (1f / 120 + y * (1f / 720))))));
        return p * Float.intBitsToFloat((n + 127) << 23);
    }

    /** Replaces {@code a[off..off+len)} by {@code exp(a[i] - shift)} and returns their sum. */
    static float expInPlace(float[] a, int off, int len, float shift) {
        float sum = 0f;
        for (int i = off, end = off + len; i < end; i++) {
            float e = exp(a[i] - shift);
            a[i] = e;
            sum += e;
        }
        return sum;
    }
}

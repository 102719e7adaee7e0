package org.spattensim.accel.spatten.quant;

/**
 * Keys stored as MSB + LSB parts [KR], [RTL MatrixFetcher.scala, RequantDecision.scala]: a key element is
 * quantized once at {@code msb + lsb} bits; the MSB part alone is that code rounded to a multiple of
 * {@code 2^lsb} (the nearest MSB-only level), and the refetched LSBs restore the full code. The first
 * pass uses {@link #msb}, the refetch pass {@link #full}. Rounding to the nearest MSB level (rather than
 * truncating) is our assumption; it keeps the MSB-only error unbiased.
 */
public final class ProgressiveKeyQuantizer {
    private final int msbBits;
    private final int lsbBits;

    public ProgressiveKeyQuantizer(int msbBits, int lsbBits) {
        this.msbBits = msbBits;
        this.lsbBits = lsbBits;
    }

    public int totalBits() {
        return msbBits + lsbBits;
    }

    /**
     * Quantizes rows [0..n) of {@code keys} with one scale (their largest magnitude): writes the MSB-only
     * dequantized values to {@code msbOut} and the MSB+LSB ones to {@code fullOut}.
     */
    public void quantize(double[][] keys, int n, double[][] msbOut, double[][] fullOut) {
        int bits = totalBits();
        double scale = LinearQuantizer.scale(LinearQuantizer.maxAbs(keys, n), bits);
        long step = 1L << lsbBits;
        long msbMax = LinearQuantizer.maxCode(msbBits) * step;
        for (int i = 0; i < n; i++) {
            double[] k = keys[i];
            for (int d = 0; d < k.length; d++) {
                long q = LinearQuantizer.quantize(k[d], scale, bits);
                long qm = Math.round((double) q / step) * step;
                qm = Math.max(-msbMax, Math.min(msbMax, qm));
                fullOut[i][d] = q * scale;
                msbOut[i][d] = qm * scale;
            }
        }
    }
}

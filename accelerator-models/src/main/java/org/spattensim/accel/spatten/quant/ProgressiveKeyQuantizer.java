package org.spattensim.accel.spatten.quant;

/**
 * Keys stored as MSB + LSB parts [KR], [RTL MatrixFetcher.scala, RequantDecision.scala]: a key element is
 * quantized once at {@code msb + lsb} bits; the MSB part alone is that code rounded to a multiple of
 * {@code 2^lsb} (the nearest MSB-only level), and the refetched LSBs restore the full code. The first
 * pass uses {@link #msb}, the refetch pass {@link #full}. Rounding to the nearest MSB level (rather than
 * truncating) is our assumption; it keeps the MSB-only error unbiased. The one key quantizer of both the timing
 * path ({@code SpattenFunctionalModel}) and the quality path ({@code SpattenAttentionPolicy}); with
 * {@code lsb = 0} it is static quantization at {@code msb} bits.
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

    public int msbBits() {
        return msbBits;
    }

    public int lsbBits() {
        return lsbBits;
    }

    /** The scale of a tensor whose largest magnitude is {@code maxAbs}, at the full width. */
    public double scale(double maxAbs) {
        return LinearQuantizer.scale(maxAbs, totalBits());
    }

    /** The full (MSB + LSB) code of {@code x}. */
    public long code(double x, double scale) {
        return LinearQuantizer.quantize(x, scale, totalBits());
    }

    /** The MSB-only code of a full code: rounded to the nearest multiple of 2^lsb, within the MSB range. */
    public long msbCode(long code) {
        long step = 1L << lsbBits;
        long msbMax = LinearQuantizer.maxCode(msbBits) * step;
        return Math.max(-msbMax, Math.min(msbMax, Math.round((double) code / step) * step));
    }

    /** {@code x} as the datapath holds it after the refetch (all bits). */
    public double full(double x, double scale) {
        return code(x, scale) * scale;
    }

    /** {@code x} as the datapath holds it after the first fetch (MSBs only). */
    public double msb(double x, double scale) {
        return msbCode(code(x, scale)) * scale;
    }

    /**
     * Quantizes rows [0..n) of {@code keys} with one scale (their largest magnitude): writes the MSB-only
     * dequantized values to {@code msbOut} and the MSB+LSB ones to {@code fullOut}.
     */
    public void quantize(double[][] keys, int n, double[][] msbOut, double[][] fullOut) {
        double scale = scale(LinearQuantizer.maxAbs(keys, n));
        for (int i = 0; i < n; i++) {
            double[] k = keys[i];
            for (int d = 0; d < k.length; d++) {
                fullOut[i][d] = full(k[d], scale);
                msbOut[i][d] = msb(k[d], scale);
            }
        }
    }
}

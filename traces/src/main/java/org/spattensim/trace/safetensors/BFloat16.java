package org.spattensim.trace.safetensors;

/**
 * bfloat16 (the upper 16 bits of an IEEE-754 float32: sign, 8 exponent bits, 7 fraction bits), as PyTorch and
 * safetensors store {@code BF16}. Widening is exact; narrowing rounds to nearest, ties to even, as
 * {@code torch.Tensor.to(torch.bfloat16)} does. NaN stays NaN (the writers refuse non-finite values anyway).
 */
public final class BFloat16 {
    private BFloat16() {
    }

    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static short fromFloat(float v) {
        int x = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((x >>> 16) & 1);
        return (short) ((x + rounding) >>> 16);
    }
}

package org.spattensim.trace.safetensors;

/**
 * IEEE 754 binary16 ("half") conversion. Java 17 has no {@code Float.float16ToFloat} (added in
 * Java 20), so we do it by hand: half to float is exact; float to half rounds to nearest, ties to
 * even, overflows to infinity and keeps NaN a (quiet) NaN with the sign and top payload bits.
 */
public final class Half {
    private Half() {
    }

    /** The float with exactly the value of the half whose bits are {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exact in float.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The half nearest to {@code f} (ties to even), as raw bits. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            if (mant == 0) {
                return (short) (sign | 0x7C00);
            }
            return (short) (sign | 0x7C00 | 0x200 | (mant >>> 13));
        }
        int e = exp - 127 + 15;
        if (e >= 31) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                // |f| < 2^-25: below half the smallest subnormal, rounds to zero.
                return (short) sign;
            }
            // Result is subnormal (or rounds up to the smallest normal): units of 2^-24.
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            // A carry out of the mantissa bumps the exponent, up to infinity: that is correct rounding.
            half++;
        }
        return (short) (sign | half);
    }
}

package org.spattensim.trace.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exhaustive checks of the binary16 conversion against a double-precision reference. */
class HalfTest {

    /** Reference decoding straight from the IEEE 754 binary16 definition, in double. */
    private static double reference(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        double mag;
        if (exp == 0x1F) {
            mag = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exp == 0) {
            mag = mant * Math.pow(2, -24);
        } else {
            mag = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        }
        return sign == 1 ? -mag : mag;
    }

    @Test
    void toFloatMatchesTheDefinitionForAll65536Halves() {
        for (int h = 0; h < 65536; h++) {
            float f = Half.toFloat((short) h);
            double ref = reference(h);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(f), "half 0x" + Integer.toHexString(h));
                assertEquals(h & 0x8000, (Float.floatToRawIntBits(f) >>> 16) & 0x8000, "NaN sign");
                assertEquals(h & 0x3FF, (Float.floatToRawIntBits(f) >>> 13) & 0x3FF, "NaN payload");
            } else {
                assertEquals(Double.doubleToRawLongBits(ref), Double.doubleToRawLongBits(f),
                        "half 0x" + Integer.toHexString(h) + " -> " + f + ", expected " + ref);
            }
        }
    }

    @Test
    void fromFloatInvertsToFloatForAllHalves() {
        for (int h = 0; h < 65536; h++) {
            float f = Half.toFloat((short) h);
            short back = Half.fromFloat(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Half.toFloat(back)), "NaN stays NaN for 0x" + Integer.toHexString(h));
            } else {
                assertEquals(h, back & 0xFFFF, "round trip of 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void fromFloatRoundsToNearestTiesToEvenBetweenEveryAdjacentPair() {
        // Every pair of adjacent finite halves of one sign, including the pair (max finite, "2^16"),
        // which must round to infinity at and above the midpoint 65520.
        for (int sign = 0; sign <= 0x8000; sign += 0x8000) {
            for (int h = 0; h < 0x7C00; h++) {
                int a = sign | h;
                int b = sign | (h + 1);
                double lo = reference(a);
                double hi = h + 1 == 0x7C00 ? Math.copySign(65536.0, lo == 0 ? (sign == 0 ? 1 : -1) : lo) : reference(b);
                float mid = (float) ((lo + hi) / 2);
                assertEquals((lo + hi) / 2, mid, 0.0, "midpoint exact in float");
                int even = (a & 1) == 0 ? a : b;
                assertEquals(even, Half.fromFloat(mid) & 0xFFFF, "tie at " + mid);
                float towardsLo = sign == 0 ? Math.nextDown(mid) : Math.nextUp(mid);
                float towardsHi = sign == 0 ? Math.nextUp(mid) : Math.nextDown(mid);
                assertEquals(a, Half.fromFloat(towardsLo) & 0xFFFF, "just below midpoint " + mid);
                assertEquals(b, Half.fromFloat(towardsHi) & 0xFFFF, "just above midpoint " + mid);
            }
        }
    }

    @Test
    void extremesSaturateAndUnderflow() {
        assertEquals(0x7C00, Half.fromFloat(1e6f) & 0xFFFF);
        assertEquals(0xFC00, Half.fromFloat(-Float.MAX_VALUE) & 0xFFFF);
        assertEquals(0x7C00, Half.fromFloat(Float.POSITIVE_INFINITY) & 0xFFFF);
        assertEquals(0x0000, Half.fromFloat(Float.MIN_VALUE) & 0xFFFF);
        assertEquals(0x8000, Half.fromFloat(-1e-30f) & 0xFFFF);
        assertEquals(0x0000, Half.fromFloat(0x1p-25f) & 0xFFFF, "half the smallest subnormal ties to even zero");
        assertEquals(0x0001, Half.fromFloat(Math.nextUp(0x1p-25f)) & 0xFFFF);
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }
}

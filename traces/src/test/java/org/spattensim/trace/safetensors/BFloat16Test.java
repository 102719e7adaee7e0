package org.spattensim.trace.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** bfloat16 against its definition: the upper half of float32, rounded to nearest even. */
class BFloat16Test {
    @Test
    void widensExactlyAndRoundsToNearestEven() {
        assertEquals(1.0f, BFloat16.toFloat(BFloat16.fromFloat(1.0f)));
        assertEquals((short) 0x3F80, BFloat16.fromFloat(1.0f));
        assertEquals((short) 0xC000, BFloat16.fromFloat(-2.0f));
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even one (1.0).
        assertEquals((short) 0x3F80, BFloat16.fromFloat(1.0f + 0x1p-8f));
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even): rounds up.
        assertEquals((short) 0x3F82, BFloat16.fromFloat(1.0f + 3 * 0x1p-8f));
        // Just above halfway rounds up.
        assertEquals((short) 0x3F81, BFloat16.fromFloat(Math.nextUp(1.0f + 0x1p-8f)));
        for (int bits = 0; bits < 0x10000; bits += 7) {
            float f = BFloat16.toFloat((short) bits);
            if (Float.isFinite(f)) {
                assertEquals((short) bits, BFloat16.fromFloat(f), "round trip of 0x" + Integer.toHexString(bits));
            }
        }
    }
}

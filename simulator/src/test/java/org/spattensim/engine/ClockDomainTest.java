package org.spattensim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class ClockDomainTest {

    @Test
    void unityRatioIsIdentity() {
        ClockDomain hbm2 = ClockDomain.ofMHz(1000, 1000);
        assertTrue(hbm2.isUnity());
        for (long c : new long[] {0, 1, 7, 1_000_000_007L}) {
            assertEquals(c, hbm2.coreToMemoryCeil(c));
            assertEquals(c, hbm2.memoryToCoreFloor(c));
        }
    }

    @Test
    void ddr4At1200MHzAgainst1GHzCore() {
        ClockDomain d = ClockDomain.ofMHz(1000, 1200);
        assertEquals(0, d.coreToMemoryCeil(0));
        assertEquals(2, d.coreToMemoryCeil(1)); // 1.2 -> 2
        assertEquals(1, d.coreToMemoryFloor(1));
        assertEquals(6, d.coreToMemoryCeil(5)); // exact
        assertEquals(6, d.coreToMemoryFloor(5));
        assertEquals(5, d.memoryToCoreCeil(6));
        assertEquals(1, d.memoryToCoreCeil(1)); // 0.833 -> 1
        assertEquals(0, d.memoryToCoreFloor(1));
        assertEquals(0.8333333333333334, d.memoryCyclesToNs(1), 1e-15);
        assertEquals(1.0, d.coreCyclesToNs(1), 0);
    }

    @Test
    void matchesBigIntegerReferenceIncludingHugeCycles() {
        SplittableRandom rng = new SplittableRandom(3);
        long[][] freqs = {{1_000_000_000L, 1_200_000_000L}, {1_000_000_000L, 1_600_000_000L},
            {999_999_937L, 1_066_666_667L}, {1_000_000_000L, 1_000_000_000L}};
        for (long[] f : freqs) {
            ClockDomain d = new ClockDomain(f[0], f[1]);
            for (int i = 0; i < 2000; i++) {
                long c = i < 1000 ? rng.nextLong(0, 1_000_000) : rng.nextLong(0, Long.MAX_VALUE / 2);
                BigInteger[] m = BigInteger.valueOf(c).multiply(BigInteger.valueOf(f[1]))
                        .divideAndRemainder(BigInteger.valueOf(f[0]));
                if (m[0].bitLength() < 63) {
                    assertEquals(m[0].longValueExact(), d.coreToMemoryFloor(c));
                    assertEquals(m[0].longValueExact() + (m[1].signum() != 0 ? 1 : 0), d.coreToMemoryCeil(c));
                }
                // Round trip: the memory cycle at or after c, converted back with floor, is c again
                // when memory is the faster clock.
                if (f[1] >= f[0] && m[0].bitLength() < 62) {
                    assertEquals(c, d.memoryToCoreFloor(d.coreToMemoryCeil(c)));
                }
            }
        }
    }

    @Test
    void rejectsNonPositiveFrequencies() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ClockDomain(0, 1));
        assertTrue(e.getMessage().contains("coreHz"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> ClockDomain.ofMHz(1000, -5));
        assertTrue(e.getMessage().contains("memoryMHz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClockDomain.ofMHz(1000, 1200).coreToMemoryCeil(-1));
    }
}

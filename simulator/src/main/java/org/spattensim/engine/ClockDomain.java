package org.spattensim.engine;

import java.math.BigInteger;
import org.spattensim.common.InvalidInputException;

/**
 * The exact rational ratio between the accelerator (core) clock and the memory clock, for
 * converting cycle counts between the two domains without floating-point drift.
 *
 * <p>Both frequencies are integers in Hz, and the ratio is kept reduced:
 * {@code memoryCycles = coreCycles * memoryHz / coreHz}. Cycle {@code c} of a domain starts at time
 * {@code c / f}. Conversions come in two roundings:
 * <ul>
 *   <li>{@code ceil}: the first cycle of the other domain that starts at or after the given cycle
 *       starts. Use it for "ready at": a result produced in one domain at cycle {@code c} can be
 *       consumed in the other at {@code ceil(c * fOther / fThis)}, never earlier.</li>
 *   <li>{@code floor}: the last cycle of the other domain that starts at or before it (the cycle in
 *       progress).</li>
 * </ul>
 * Examples: 1 GHz core with HBM2 at 1 GHz (tCK 1 ns, docs/reference/dram-presets.md) is 1:1; 1 GHz core with
 * DDR4-2400 (1.2 GHz clock, tCK 0.833 ns) is 5:6, so core cycle 1 maps to memory cycle
 * ceil(1.2) = 2 and memory cycle 6 to core cycle 5 exactly.
 */
public final class ClockDomain {
    private final long coreHz;
    private final long memoryHz;
    // Reduced ratio coreUnits : memoryUnits == coreHz : memoryHz.
    private final long coreUnits;
    private final long memoryUnits;

    /**
     * @param coreHz accelerator clock frequency in Hz, {@code >= 1}
     * @param memoryHz memory clock frequency in Hz, {@code >= 1}
     */
    public ClockDomain(long coreHz, long memoryHz) {
        if (coreHz < 1) {
            throw InvalidInputException.of("ClockDomain", "coreHz", "is " + coreHz, "a frequency >= 1 Hz");
        }
        if (memoryHz < 1) {
            throw InvalidInputException.of("ClockDomain", "memoryHz", "is " + memoryHz, "a frequency >= 1 Hz");
        }
        this.coreHz = coreHz;
        this.memoryHz = memoryHz;
        long g = gcd(coreHz, memoryHz);
        this.coreUnits = coreHz / g;
        this.memoryUnits = memoryHz / g;
    }

    /** Convenience: frequencies in MHz. */
    public static ClockDomain ofMHz(long coreMHz, long memoryMHz) {
        if (coreMHz < 1 || memoryMHz < 1) {
            throw InvalidInputException.of("ClockDomain", coreMHz < 1 ? "coreMHz" : "memoryMHz",
                    "is " + (coreMHz < 1 ? coreMHz : memoryMHz), "a frequency >= 1 MHz");
        }
        return new ClockDomain(Math.multiplyExact(coreMHz, 1_000_000L), Math.multiplyExact(memoryMHz, 1_000_000L));
    }

    public long coreHz() {
        return coreHz;
    }

    public long memoryHz() {
        return memoryHz;
    }

    /** True when both clocks run at the same frequency (conversions are the identity). */
    public boolean isUnity() {
        return coreUnits == memoryUnits;
    }

    /** First memory cycle starting at or after core cycle {@code coreCycle} starts. */
    public long coreToMemoryCeil(long coreCycle) {
        return mulDivCeil(coreCycle, memoryUnits, coreUnits);
    }

    /** Last memory cycle starting at or before core cycle {@code coreCycle} starts. */
    public long coreToMemoryFloor(long coreCycle) {
        return mulDivFloor(coreCycle, memoryUnits, coreUnits);
    }

    /** First core cycle starting at or after memory cycle {@code memoryCycle} starts ("ready at"). */
    public long memoryToCoreCeil(long memoryCycle) {
        return mulDivCeil(memoryCycle, coreUnits, memoryUnits);
    }

    /** Last core cycle starting at or before memory cycle {@code memoryCycle} starts. */
    public long memoryToCoreFloor(long memoryCycle) {
        return mulDivFloor(memoryCycle, coreUnits, memoryUnits);
    }

    /** Duration of {@code coreCycles} in nanoseconds. */
    public double coreCyclesToNs(long coreCycles) {
        return coreCycles * 1e9 / coreHz;
    }

    /** Duration of {@code memoryCycles} in nanoseconds. */
    public double memoryCyclesToNs(long memoryCycles) {
        return memoryCycles * 1e9 / memoryHz;
    }

    private static long mulDivFloor(long x, long num, long den) {
        return mulDiv(x, num, den, false);
    }

    private static long mulDivCeil(long x, long num, long den) {
        return mulDiv(x, num, den, true);
    }

    /**
     * floor or ceil of {@code x * num / den} for {@code x >= 0}, exact: {@code x = q * den + r}, so
     * the result is {@code q * num + (r * num) / den}, where only {@code r * num} can exceed a long.
     */
    private static long mulDiv(long x, long num, long den, boolean ceil) {
        checkCycle(x);
        if (num == den) {
            return x;
        }
        long q = x / den;
        long r = x % den;
        long part;
        if (Math.multiplyHigh(r, num) == 0 && r * num >= 0) {
            long p = r * num;
            part = p / den + (ceil && p % den != 0 ? 1 : 0);
        } else {
            BigInteger[] qr = BigInteger.valueOf(r).multiply(BigInteger.valueOf(num))
                    .divideAndRemainder(BigInteger.valueOf(den));
            part = qr[0].longValueExact() + (ceil && qr[1].signum() != 0 ? 1 : 0);
        }
        return Math.addExact(Math.multiplyExact(q, num), part);
    }

    private static void checkCycle(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("cycle must be >= 0, was " + x);
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return "ClockDomain[core " + coreHz + " Hz : memory " + memoryHz + " Hz = " + coreUnits + ":" + memoryUnits + "]";
    }
}

package org.spattensim.memory.dram.traffic;

import org.spattensim.common.InvalidInputException;

/**
 * A synthetic request stream: at most one request offered per memory cycle, as in the reference runs of
 * DRAMsim3 and Ramulator 2 (docs/reference/dram-presets.md).
 *
 * @param pattern      address pattern
 * @param requests     number of requests
 * @param strideBytes  stride of {@link TrafficPattern#STRIDED} (ignored otherwise)
 * @param spaceBytes   address space of {@link TrafficPattern#RANDOM}
 * @param writeFraction fraction of requests that are writes, chosen at random with the seed
 * @param seed         seed of the random choices
 * @param intervalCycles request i is offered no earlier than cycle i x intervalCycles (1: back to back; the
 *                     reference idle-latency runs use 1000)
 */
public record TrafficSpec(TrafficPattern pattern, long requests, long strideBytes, long spaceBytes,
                          double writeFraction, long seed, long intervalCycles) {
    public static final long GIB = 1L << 30;

    public TrafficSpec {
        if (pattern == null) {
            throw InvalidInputException.of("", "pattern", "missing", "sequential, strided or random");
        }
        if (requests <= 0) {
            throw InvalidInputException.of("", "requests", "got " + requests, "a positive number of requests");
        }
        if (strideBytes <= 0) {
            throw InvalidInputException.of("", "stride", "got " + strideBytes, "a positive stride in bytes");
        }
        if (spaceBytes <= 0) {
            throw InvalidInputException.of("", "spaceBytes", "got " + spaceBytes, "a positive address space in bytes");
        }
        if (!(writeFraction >= 0 && writeFraction <= 1)) {
            throw InvalidInputException.of("", "writeFraction", "got " + writeFraction, "a fraction in [0, 1]");
        }
        if (intervalCycles <= 0) {
            throw InvalidInputException.of("", "interval", "got " + intervalCycles, "a positive number of cycles");
        }
    }

    /** Requests offered back to back (at most one per cycle). */
    public TrafficSpec(TrafficPattern pattern, long requests, long strideBytes, long spaceBytes, double writeFraction,
                       long seed) {
        this(pattern, requests, strideBytes, spaceBytes, writeFraction, seed, 1);
    }

    /** Reads only, 2 KiB stride, 1 GiB random space, seed 1: the reference-run setting. */
    public static TrafficSpec reads(TrafficPattern pattern, long requests) {
        return new TrafficSpec(pattern, requests, 2048, GIB, 0, 1);
    }

    public TrafficSpec withStride(long bytes) {
        return new TrafficSpec(pattern, requests, bytes, spaceBytes, writeFraction, seed, intervalCycles);
    }

    public TrafficSpec withWriteFraction(double f) {
        return new TrafficSpec(pattern, requests, strideBytes, spaceBytes, f, seed, intervalCycles);
    }

    public TrafficSpec withSeed(long s) {
        return new TrafficSpec(pattern, requests, strideBytes, spaceBytes, writeFraction, s, intervalCycles);
    }

    public TrafficSpec withInterval(long cycles) {
        return new TrafficSpec(pattern, requests, strideBytes, spaceBytes, writeFraction, seed, cycles);
    }
}

package org.spattensim.memory.dram.traffic;

import java.util.Locale;
import org.spattensim.common.InvalidInputException;

/** Synthetic address streams for DRAM characterisation runs. */
public enum TrafficPattern {
    /** address = i x transaction size. */
    SEQUENTIAL,
    /** address = i x stride. */
    STRIDED,
    /** uniform over an address space, aligned to the transaction size, seeded. */
    RANDOM;

    public static TrafficPattern parse(String s) {
        for (TrafficPattern p : values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw InvalidInputException.of("", "pattern", "unknown pattern '" + s + "'", "sequential, strided or random");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.spattensim.memory.dram;

import org.spattensim.common.InvalidInputException;

/** Constructor checks for the DRAM parameter records; every message names the record, the field and what was expected. */
public final class Require {
    private Require() {
    }

    public static int positive(String record, String field, int value) {
        if (value <= 0) {
            throw InvalidInputException.of(record, field, "got " + value, "a positive integer");
        }
        return value;
    }

    public static int nonNegative(String record, String field, int value) {
        if (value < 0) {
            throw InvalidInputException.of(record, field, "got " + value, "an integer >= 0");
        }
        return value;
    }

    public static int powerOfTwo(String record, String field, int value) {
        if (value <= 0 || Integer.bitCount(value) != 1) {
            throw InvalidInputException.of(record, field, "got " + value, "a power of two >= 1");
        }
        return value;
    }

    /** Checks {@code small <= large} for two related fields. */
    public static void notAbove(String record, String smallField, int small, String largeField, int large) {
        if (small > large) {
            throw InvalidInputException.of(record, smallField,
                    "got " + small + ", larger than " + largeField + " = " + large, smallField + " <= " + largeField);
        }
    }

    public static String nonBlank(String record, String field, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidInputException.of(record, field, "missing or empty", "a non-empty name");
        }
        return value;
    }
}

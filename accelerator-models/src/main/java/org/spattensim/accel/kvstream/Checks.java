package org.spattensim.accel.kvstream;

import org.spattensim.common.InvalidInputException;

/** Parameter checks of the K/V-streaming designs' records, naming the YAML key. */
public final class Checks {
    private Checks() {}

    public static void range(long v, long lo, long hi, String field) {
        if (v < lo || v > hi) {
            throw InvalidInputException.of("", field, "is " + v, lo + " to " + hi);
        }
    }

    public static void range(double v, double lo, double hi, String field) {
        if (!(v >= lo && v <= hi)) {
            throw InvalidInputException.of("", field, "is " + v, lo + " to " + hi);
        }
    }

    public static void name(String v, String field) {
        if (v == null || v.isBlank()) {
            throw InvalidInputException.of("", field, "is empty", "a name");
        }
    }
}

package org.spattensim.trace;

import java.util.Locale;

/**
 * What a trace recorded. PREFILL: every position attends causally in one pass; probabilities have
 * one row per position. DECODE: the prompt is prefilled, then one token is processed per step;
 * Q/K/V cover every position, probabilities only the generated steps.
 */
public enum TraceMode {
    PREFILL,
    DECODE;

    /** The spelling in the file: {@code "prefill"} or {@code "decode"}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode spelled {@code s} in a file, or null. */
    public static TraceMode fromFileName(String s) {
        for (TraceMode m : values()) {
            if (m.fileName().equals(s)) {
                return m;
            }
        }
        return null;
    }
}

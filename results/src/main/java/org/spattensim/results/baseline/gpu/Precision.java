package org.spattensim.results.baseline.gpu;

import java.util.Locale;
import org.spattensim.common.InvalidInputException;

/** Arithmetic and storage precision of the GPU attention. */
public enum Precision {
    FP16(2), FP32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored element of Q, K, V, scores and outputs. */
    public int bytes() {
        return bytes;
    }

    public static Precision parse(String source, String field, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "fp16": case "float16": case "half":
                return FP16;
            case "fp32": case "float32": case "float":
                return FP32;
            default:
                throw InvalidInputException.of(source, field, "unknown precision '" + text + "'", "fp16 or fp32");
        }
    }
}

package org.spattensim.trace;

import org.spattensim.trace.safetensors.DType;

/** Storage type of a trace's Q, K, V and probability tensors. Readers always return floats. */
public enum TraceDType {
    F32(DType.F32),
    F16(DType.F16),
    /** bfloat16, as PyTorch models are usually stored (exact widening to float on read). */
    BF16(DType.BF16);

    private final DType container;

    TraceDType(DType container) {
        this.container = container;
    }

    /** The safetensors dtype the tensors are stored as. */
    public DType containerType() {
        return container;
    }

    /** The dtype spelled {@code s} (as in the file: {@code "F32"}, {@code "F16"}, {@code "BF16"}), or null. */
    public static TraceDType fromFileName(String s) {
        for (TraceDType d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }
}

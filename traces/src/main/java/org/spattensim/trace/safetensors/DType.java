package org.spattensim.trace.safetensors;

/**
 * Element types we read and write, spelled as the safetensors header spells them. The byte sizes
 * are those of the safetensors specification (huggingface/safetensors, README "Format").
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    U8(1),
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The header spelling, e.g. {@code "F32"}. */
    public String headerName() {
        return name();
    }

    /** True for F16, BF16, F32 and F64. */
    public boolean isFloating() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** The dtype a header names, or null if we do not support it. */
    public static DType fromHeaderName(String s) {
        if (s == null) {
            return null;
        }
        for (DType d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }

    /** The supported spellings, for error messages. */
    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (DType d : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.name());
        }
        return sb.toString();
    }
}

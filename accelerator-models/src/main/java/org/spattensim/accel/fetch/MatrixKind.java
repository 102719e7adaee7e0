package org.spattensim.accel.fetch;

/** What a fetch block reads from DRAM. */
public enum MatrixKind {
    /** The query vector of a task. */
    QUERY,
    /** Key rows at their MSB width (the first fetch). */
    KEY,
    /** The LSBs of key rows, fetched by progressive quantization when the softmax is not confident. */
    KEY_LSB,
    /** Value rows kept by local value pruning. */
    VALUE
}

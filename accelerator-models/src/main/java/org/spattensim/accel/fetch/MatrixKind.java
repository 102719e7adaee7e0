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
    VALUE,
    /** Per-page key metadata a query-aware KV policy reads before choosing pages (Quest: a min and a max key row). */
    PAGE_METADATA;

    /** Matrices every workload's layout holds regions for; {@link #PAGE_METADATA} regions only when a policy reads them. */
    public static final int DATA_KINDS = 4;
}

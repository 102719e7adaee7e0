package org.spattensim.accel.spatten.functional;

/**
 * Per-layer Q, K and V of one recorded sequence, the input of the {@link SpattenFunctionalModel}.
 * Layouts follow the trace format (docs/trace-format.md): Q is [T, Hq, D], K and V are [T, Hkv, D],
 * row-major; Hq is a multiple of Hkv (grouped-query attention: query head h reads KV head h / (Hq/Hkv)).
 * Scores are {@code q·k / sqrt(D)}: Q is stored without the scaling.
 */
public interface AttentionSource {
    /** Name for reports (trace path, model name). */
    String name();

    int layers();

    int queryHeads();

    int kvHeads();

    int headDim();

    /** T: positions recorded. */
    int sequenceLength();

    /** P: prompt positions; decode steps are positions P..T−1 (a prefill source has P = T). */
    int promptLength();

    /** True: one query per step for positions P..T−1; false: one pass over all T positions. */
    boolean decode();

    /** True when every query attends to every position (encoders such as BERT); false: causal. */
    default boolean bidirectional() {
        return false;
    }

    float[] q(int layer);

    /** Q rows of positions [from, from + count) of one layer: count x Hq x D floats. */
    default float[] qRows(int layer, int from, int count) {
        float[] all = q(layer);
        int row = queryHeads() * headDim();
        return java.util.Arrays.copyOfRange(all, from * row, (from + count) * row);
    }

    /**
     * True when the source reads layers from a file on each call (too large to hold): the functional model then
     * keeps one layer at a time and only the Q rows a step uses.
     */
    default boolean streams() {
        return false;
    }

    float[] k(int layer);

    float[] v(int layer);
}

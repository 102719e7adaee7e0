package org.spattensim.trace.record.llama;

/**
 * Sees what one layer's attention computed at one position, after the {@link AttentionPolicy} acted; the
 * recorder implements it to copy Q, K, V and the probabilities into a trace. The arrays are the session's
 * scratch buffers: copy what you keep.
 */
@FunctionalInterface
public interface AttentionObserver {

    /**
     * @param layer layer index
     * @param pos   query position
     * @param q     the query of every head at {@code pos}, after RoPE, {@code [nHeads * headSize]}
     * @param k     the key of every KV head at {@code pos}, after RoPE, {@code [kvDim]}
     * @param v     the value of every KV head at {@code pos}, {@code [kvDim]}
     * @param probs {@code probs[h][t]} for {@code t <= pos}: head {@code h}'s final attention probabilities
     *              (after the policy's masks; all zero for a skipped head)
     */
    void onAttention(int layer, int pos, float[] q, float[] k, float[] v, float[][] probs);
}

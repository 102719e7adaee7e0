package org.spattensim.trace.record.llama;

/**
 * A loaded Llama-2-architecture model (shape and weights). Immutable and safe to share between threads; each
 * generation runs in its own {@link LlamaSession}, which holds the KV cache. Load one with
 * {@link LlamaCheckpoint#read(java.nio.file.Path)}.
 */
public final class LlamaModel {
    private final LlamaConfig config;
    private final LlamaWeights weights;

    public LlamaModel(LlamaConfig config, LlamaWeights weights) {
        this.config = config;
        this.weights = weights;
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /** A new session with dense attention and no observer. */
    public LlamaSession newSession() {
        return new LlamaSession(this, AttentionPolicy.DENSE, null);
    }

    /**
     * A new session.
     *
     * @param policy   applied inside attention ({@link AttentionPolicy#DENSE} for none)
     * @param observer told what each layer's attention computed, or null
     */
    public LlamaSession newSession(AttentionPolicy policy, AttentionObserver observer) {
        return new LlamaSession(this, policy, observer);
    }

    /**
     * Feeds {@code tokens} at positions 0.. (teacher forcing) with {@code policy} and returns every step's logits,
     * {@code [tokens.length][vocabSize]}: row {@code i} predicts the token at {@code i + 1}. Compare a pruning
     * policy's rows with {@link AttentionPolicy#DENSE}'s for KL divergence or top-1 agreement.
     */
    public float[][] teacherForcedLogits(int[] tokens, AttentionPolicy policy) {
        LlamaSession s = newSession(policy, null);
        float[][] out = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = s.step(tokens[i]).clone();
        }
        return out;
    }
}

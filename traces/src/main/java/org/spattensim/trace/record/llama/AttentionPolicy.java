package org.spattensim.trace.record.llama;

/**
 * Hook inside the attention of {@link LlamaSession}, called for every (layer, query head, query position), so
 * that pruning and quantization schemes (SpAtten's cascade token and head pruning, local value pruning,
 * progressive MSB/LSB quantization) can be applied to a real model and their quality cost measured on its
 * logits. Every method has a no-op default; {@link #DENSE} changes nothing.
 *
 * <p>Order of calls for one query position {@code pos}:
 * <ol>
 *   <li>{@link #beginStep} once;</li>
 *   <li>per layer, per head: {@link #keepHead} (false: the head outputs zeros and nothing else is called for it),
 *       {@link #selectKeys}, then for each score pass: {@link #transformKey} for every kept key (only if
 *       {@link #transformsKeys()}), scores over the kept keys, {@link #scored} (only if
 *       {@link #observesScores()}), the softmax, {@link #recompute} (true: another pass with {@code pass + 1}); then
 *       {@link #selectValues}, the probability-weighted sum of values, and {@link #headOutput};</li>
 *   <li>{@link #endLayer} after each layer's heads, before the output projection.</li>
 * </ol>
 * The {@link HeadContext} and the arrays passed in are reused scratch: read or change them during the call only.
 * Implementations must be deterministic for the session to be.
 */
public interface AttentionPolicy {

    /** Dense attention: no pruning, no quantization. */
    AttentionPolicy DENSE = new AttentionPolicy() {
    };

    /** Start of the forward step that feeds {@code token} at position {@code pos}. */
    default void beginStep(int pos, int token) {
    }

    /** Head pruning: return false to skip this head (its output is all zeros). */
    default boolean keepHead(HeadContext ctx) {
        return true;
    }

    /**
     * Token pruning: {@code keep[t]} for {@code t < ctx.keyCount()} arrives all true; clear entries to remove
     * those keys (and their values) from this head's softmax. Entries past {@code keyCount()} are ignored.
     */
    default void selectKeys(HeadContext ctx, boolean[] keep) {
    }

    /** Whether {@link #transformKey} is to be called; false (the default) keeps the dense path copy-free. */
    default boolean transformsKeys() {
        return false;
    }

    /**
     * Quantization: change the key used for this head's scores in place, {@code key[offset .. offset+headSize)},
     * for key position {@code keyPos}. It is a copy: the KV cache keeps the exact key. {@code ctx.pass()} tells
     * which pass this is (for example MSBs only in pass 0, MSB+LSB in pass 1).
     */
    default void transformKey(HeadContext ctx, int keyPos, float[] key, int offset) {
    }

    /** Whether {@link #scored} is to be called; false (the default) keeps the dense path free of the call. */
    default boolean observesScores() {
        return false;
    }

    /**
     * The scaled scores q·k/√D of this pass over the kept keys ({@code scores[t]} where {@code keep[t]}), before the
     * softmax overwrites them (for policies whose importance is the raw score). Called only if
     * {@link #observesScores()}.
     */
    default void scored(HeadContext ctx, float[] scores, boolean[] keep) {
    }

    /**
     * Progressive quantization: after the softmax of pass {@code ctx.pass()}, return true to compute the scores
     * and softmax again with pass + 1 (for example when the maximum probability is under a threshold).
     * {@code probs[0 .. keyCount)} holds this pass's probabilities (0 for removed keys).
     */
    default boolean recompute(HeadContext ctx, float[] probs, boolean[] keep) {
        return false;
    }

    /**
     * Local value pruning: after the final softmax, set {@code probs[t] = 0} to skip value row {@code t} (or
     * rescale the probabilities any other way). The head output is {@code sum_t probs[t] * v[t]} with what is left.
     */
    default void selectValues(HeadContext ctx, float[] probs) {
    }

    /** The head's output {@code out[offset .. offset+headSize)} (for head importance, for example). */
    default void headOutput(HeadContext ctx, float[] out, int offset) {
    }

    /** End of the attention of {@code layer} at position {@code pos} (all heads done). */
    default void endLayer(int layer, int pos) {
    }
}

package org.spattensim.accel.spatten.prune;

/**
 * A KV-cache token-selection policy for decode (config key {@code pruning.policy}): which cached keys the query of
 * one (layer, head) attends to at each step, and what the selecting hardware does for it. One instance per run; it
 * keeps the state its rule needs (evicted tokens, accumulated importance). The timing path
 * ({@code SpattenFunctionalModel}) and the quality path ({@code SpattenAttentionPolicy}) both drive it with the same
 * calls, so they keep the same tokens for the same data:
 * <ol>
 *   <li>{@link #beginStep} once per position, prompt positions included (they attend densely);</li>
 *   <li>per layer, per query head in order: {@link #select}, the attention over the kept keys, then
 *       {@link #observe} with its final scores and probabilities (before local value pruning).</li>
 * </ol>
 * Not thread-safe.
 */
public interface KvPolicy {

    /** The registered name ({@code pruning.policy}). */
    String name();

    /**
     * Starts the step whose query sits at {@code position} (keys 0..position). {@code prompt}: a prefill position,
     * attended densely; its attention only feeds the policy's importance (see {@link #observes}).
     */
    void beginStep(int position, boolean prompt);

    /**
     * Writes the positions the query of ({@code layer}, {@code head}) attends to, ascending, into {@code out} (room
     * for position + 1) and returns how many, with the hardware work of this selection.
     */
    KvSelection select(int layer, int head, HeadData data, int[] out);

    /** Whether the attention of prompt position {@code position} feeds the policy (a caller may skip computing it). */
    boolean observes(int position);

    /**
     * The final attention of ({@code layer}, {@code head}) at this step over {@code keys[0..count)}: the scaled
     * scores {@code q·k/√D} and the probabilities, both indexed like {@code keys}.
     */
    void observe(int layer, int head, int[] keys, int count, double[] scores, double[] probs);

    /** Read access to the current query and the cached keys of one (layer, head), in the model's precision. */
    interface HeadData {
        /** Element i of the query of this (layer, head). */
        double query(int i);

        /** Element i of the cached key at position t of this head's KV head. */
        double key(int t, int i);
    }
}

package org.spattensim.results.baseline;

import org.spattensim.common.InvalidInputException;

/**
 * The dimensions of one attention workload, as the baselines see it: no projections, no FFN, only
 * {@code softmax(Q K^T / sqrt(d)) V} per layer and query head.
 *
 * <p>PREFILL (the paper's "summarization" stage): {@code queries} queries, the last {@code queries}
 * positions of a {@code contextLength}-token context, attend to all {@code contextLength} keys (with a
 * causal mask when {@code causal}: query at position p sees keys 0..p).
 *
 * <p>DECODE (the "generation" stage): one query per step over {@code queries} steps; the prompt holds
 * {@code promptLength() = contextLength - queries} tokens and step s (0-based) attends to
 * {@code promptLength() + s + 1} keys, its own key included; K/V grow by one row per step.
 *
 * <p>Grouped-query attention: query head h reads K/V head {@code h / (queryHeads / kvHeads)}.
 */
public record AttentionShape(int layers, int queryHeads, int kvHeads, int headDim, int contextLength,
                             int queries, Mode mode, boolean causal) {

    /** Which stage of a transformer the shape describes. */
    public enum Mode { PREFILL, DECODE }

    public AttentionShape {
        positive("layers", layers);
        positive("queryHeads", queryHeads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("contextLength", contextLength);
        positive("queries", queries);
        if (mode == null) {
            throw InvalidInputException.of("attention shape", "mode", "missing", "PREFILL or DECODE");
        }
        if (queryHeads % kvHeads != 0) {
            throw InvalidInputException.of("attention shape", "kvHeads",
                    kvHeads + " does not divide queryHeads " + queryHeads, "a divisor of queryHeads");
        }
        if (queries > contextLength) {
            throw InvalidInputException.of("attention shape", "queries",
                    queries + " > contextLength " + contextLength, "at most contextLength");
        }
        if (mode == Mode.DECODE && queries == contextLength) {
            throw InvalidInputException.of("attention shape", "queries",
                    "decode over " + queries + " steps leaves an empty prompt in a context of " + contextLength,
                    "fewer steps than contextLength (promptLength = contextLength - steps >= 1)");
        }
        long elements = (long) contextLength * headDim;
        if (elements > Integer.MAX_VALUE / 4) {
            throw InvalidInputException.of("attention shape", "contextLength x headDim",
                    contextLength + " x " + headDim + " is too large for one head's K matrix", "< 2^29 elements");
        }
        if (mode == Mode.PREFILL && (long) queries * contextLength > Integer.MAX_VALUE / 4) {
            throw InvalidInputException.of("attention shape", "queries x contextLength",
                    queries + " x " + contextLength + " is too large for one head's score matrix", "< 2^29 elements");
        }
    }

    /** Self-attention prefill over {@code length} tokens, as many query heads as K/V heads. */
    public static AttentionShape prefill(int layers, int heads, int headDim, int length, boolean causal) {
        return new AttentionShape(layers, heads, heads, headDim, length, length, Mode.PREFILL, causal);
    }

    /** Generation of {@code steps} tokens after a {@code promptLength}-token prompt (always causal). */
    public static AttentionShape decode(int layers, int heads, int headDim, int promptLength, int steps) {
        positive("promptLength", promptLength);
        positive("steps", steps);
        return new AttentionShape(layers, heads, heads, headDim, promptLength + steps, steps, Mode.DECODE, true);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw InvalidInputException.of("attention shape", field, "got " + value, "a positive integer");
        }
    }

    /** Tokens before the first decode step; for PREFILL the positions before the first query. */
    public int promptLength() {
        return contextLength - queries;
    }

    /** Number of keys query {@code i} (0-based) attends to. */
    public int keysForQuery(int i) {
        if (mode == Mode.DECODE || causal) {
            return promptLength() + i + 1;
        }
        return contextLength;
    }

    /**
     * (query, key) pairs per layer and query head that the attention needs: the causal triangle for a
     * causal prefill, the full rectangle otherwise, and {@code sum_s (P + s + 1)} for decode.
     */
    public long neededPairsPerHead() {
        if (mode == Mode.PREFILL && !causal) {
            return (long) queries * contextLength;
        }
        long p = promptLength();
        long n = queries;
        return n * p + n * (n + 1) / 2;
    }

    /**
     * (query, key) pairs per layer and query head that a dense kernel computes: a causal prefill
     * computes the full {@code queries x contextLength} rectangle and masks it afterwards.
     */
    public long densePairsPerHead() {
        return mode == Mode.PREFILL ? (long) queries * contextLength : neededPairsPerHead();
    }

    /** Floating-point operations of a dense kernel: {@code 4 d} per pair (2d for Q.K, 2d for P.V); softmax not counted. */
    public double denseFlops() {
        return 4.0 * headDim * densePairsPerHead() * layers * queryHeads;
    }

    /** Flops of the needed pairs only (what a kernel that skips masked blocks executes). */
    public double neededFlops() {
        return 4.0 * headDim * neededPairsPerHead() * layers * queryHeads;
    }

    /** Query heads that share one K/V head. */
    public int groupSize() {
        return queryHeads / kvHeads;
    }

    /** Compact description, e.g. {@code decode L12 H12/12 d64 ctx1024 q32}. */
    public String describe() {
        return String.format("%s%s L%d H%d/%d d%d ctx%d q%d", mode.name().toLowerCase(java.util.Locale.ROOT),
                mode == Mode.PREFILL && causal ? "(causal)" : "", layers, queryHeads, kvHeads, headDim,
                contextLength, queries);
    }
}

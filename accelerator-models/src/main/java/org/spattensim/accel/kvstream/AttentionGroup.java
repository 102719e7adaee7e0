package org.spattensim.accel.kvstream;

/**
 * The queries of one query head in one layer and step that share one K/V context: a decode step's single query,
 * or every position of a prefill pass. Query {@code i} is position {@code firstQuery + i} and sees keys
 * {@code [0, context(i))}.
 *
 * @param contextLength keys the group fetches: the longest context of its queries
 * @param bidirectional every query sees all {@code contextLength} keys (an encoder); else causal
 */
public record AttentionGroup(int index, int step, int layer, int head, int kvHead, int firstQuery, int queries,
                             int contextLength, boolean bidirectional) {
    /** Keys query {@code i} of the group sees. */
    public int context(int i) {
        return bidirectional ? contextLength : Math.min(contextLength, firstQuery + i + 1);
    }
}

package org.spattensim.trace.spatten;

import java.util.BitSet;

/**
 * Counts and means over a SpAtten decision trace.
 *
 * @param rows                tasks
 * @param steps               distinct generation steps ({@code iteration_id})
 * @param layers              distinct layers
 * @param heads               distinct heads
 * @param keysKeptFraction    Σ key_fetch_num / Σ sentence_length_L (fraction of K rows fetched)
 * @param meanKeyKeepRatio    mean over tasks of key_fetch_num / sentence_length_L
 * @param valuesKeptFraction  Σ value_fetch_num / Σ sentence_length_L
 * @param requantShare        fraction of tasks with {@code if_requant} True (LSB refetch)
 * @param topKShare           fraction of tasks with {@code if_topk} True
 */
public record SpattenWorkloadSummary(int rows, int steps, int layers, int heads, double keysKeptFraction,
        double meanKeyKeepRatio, double valuesKeptFraction, double requantShare, double topKShare) {

    public static SpattenWorkloadSummary of(SpattenWorkload w) {
        BitSet steps = new BitSet();
        BitSet layers = new BitSet();
        BitSet heads = new BitSet();
        long keys = 0;
        long values = 0;
        long contexts = 0;
        double ratioSum = 0;
        int requant = 0;
        int topk = 0;
        int n = w.size();
        for (int i = 0; i < n; i++) {
            steps.set(w.iteration(i));
            layers.set(w.layer(i));
            heads.set(w.head(i));
            keys += w.keyFetchNum(i);
            values += w.valueFetchNum(i);
            contexts += w.sentenceLength(i);
            ratioSum += (double) w.keyFetchNum(i) / w.sentenceLength(i);
            requant += w.requant(i) ? 1 : 0;
            topk += w.topK(i) ? 1 : 0;
        }
        return new SpattenWorkloadSummary(n, steps.cardinality(), layers.cardinality(), heads.cardinality(),
                n == 0 ? 0 : (double) keys / contexts, n == 0 ? 0 : ratioSum / n,
                n == 0 ? 0 : (double) values / contexts, n == 0 ? 0 : (double) requant / n,
                n == 0 ? 0 : (double) topk / n);
    }

    /** A few human-readable lines (what {@code ./spatten import-spatten} prints). */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "rows %d, steps %d, layers %d, heads %d%n"
                        + "keys kept / L: %.4f (mean per task %.4f), values kept / L: %.4f%n"
                        + "requant share: %.4f (%d of %d tasks), top-k share: %.4f",
                rows, steps, layers, heads, keysKeptFraction, meanKeyKeepRatio, valuesKeptFraction,
                requantShare, Math.round(requantShare * rows), rows, topKShare);
    }
}

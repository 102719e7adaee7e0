package org.spattensim.accel.spatten.topk;

/**
 * One top-k selection.
 *
 * @param kept       indices of the kept elements, in original (ascending index) order
 * @param kthValue   value of the k-th largest element (NaN when nothing was selected)
 * @param rounds     quick-select rounds run (0 when no selection was needed, or for the sorter)
 * @param candidates candidates n_i of each round, {@code rounds} entries
 * @param cycles     cycles charged by the configured latency model
 */
public record TopKResult(int[] kept, double kthValue, int rounds, int[] candidates, long cycles) {
    public int keptCount() {
        return kept.length;
    }
}

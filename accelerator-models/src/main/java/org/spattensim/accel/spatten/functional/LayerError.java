package org.spattensim.accel.spatten.functional;

/**
 * Output error of one layer against the float64 dense reference, over the (query, head) outputs the
 * model produced (a pruned head's output counts as zero).
 *
 * @param layer       layer
 * @param outputs     (query, head) outputs compared
 * @param relativeL2  ‖out − ref‖₂ / ‖ref‖₂ over the layer
 * @param maxAbs      largest absolute element error
 * @param meanCosine  mean cosine similarity of out and ref per output vector (1 for zero-vs-zero)
 */
public record LayerError(int layer, long outputs, double relativeL2, double maxAbs, double meanCosine) {}

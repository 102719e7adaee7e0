package org.spattensim.accel.spatten.topk;

/** How the top-k engine's cycles are charged. */
public enum TopKLatencyKind {
    /**
     * Quick-select as the released RTL simulation charges it [RTL sim/TopKLatencyModel.scala]:
     * {@code Σ over rounds (ceil(n_i / P) + 3)} over the n_i candidates of round i.
     */
    RTL_SIM,
    /**
     * Quick-select as the C++ behaviour model charges it [RTL bert.cpp simTopK]: fill
     * {@code ceil(n / S)} + {@code Σ (floor(n_i / sizeZE) + 4)} + drain {@code ceil(k / S)}, S = scores per cycle.
     */
    CPP_MODEL,
    /**
     * A general sort-based top-k: a bitonic sorting network over the next power of two of n, with P
     * compare-exchange units (our assumption, for the ablation step "pruning with a general top-k").
     */
    BITONIC_SORTER
}

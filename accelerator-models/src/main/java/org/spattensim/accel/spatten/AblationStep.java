package org.spattensim.accel.spatten;

import org.spattensim.accel.spatten.topk.TopKLatencyKind;

/**
 * The cumulative steps of SpAtten's speedup breakdown on GPT-2 [KR] (spatten-facts §10.3), each a
 * transformation of a full design point: the same hardware with techniques switched off.
 */
public enum AblationStep {
    /** Dedicated datapath alone: no pruning, no quantization (data at {@code quant.denseBits}). */
    DENSE(false, false, false),
    /** + cascade token and head pruning and local value pruning, ranked by a general sort-based top-k. */
    PRUNING_GENERAL_TOPK(true, false, false),
    /** + the quick-select top-k engine. */
    PRUNING_FAST_TOPK(true, true, false),
    /** + static and progressive quantization: the full design. */
    PROGRESSIVE_QUANTIZATION(true, true, true);

    private final boolean pruning;
    private final boolean fastTopK;
    private final boolean quantization;

    AblationStep(boolean pruning, boolean fastTopK, boolean quantization) {
        this.pruning = pruning;
        this.fastTopK = fastTopK;
        this.quantization = quantization;
    }

    public boolean pruning() {
        return pruning;
    }

    public boolean fastTopK() {
        return fastTopK;
    }

    public boolean quantization() {
        return quantization;
    }

    /**
     * {@code full} with this step's techniques: pruning switched off (all three) before
     * {@link #PRUNING_GENERAL_TOPK}; the top-k latency model replaced by {@link TopKLatencyKind#BITONIC_SORTER}
     * in that step (by the design's quick-select model, RTL_SIM if it named the sorter, from the next);
     * quantization off before {@link #PROGRESSIVE_QUANTIZATION}. Ratios and bit widths are kept.
     */
    public SpattenConfig apply(SpattenConfig full) {
        SpattenConfig.Pruning p = full.pruning();
        SpattenConfig.Pruning pruningCfg = new SpattenConfig.Pruning(pruning && p.tokenPruning(),
                pruning && p.headPruning(), pruning && p.valuePruning(), p.token(), p.head(), p.valuePruneRatio(), p.keepRecent(), p.tokenImportance(),
                p.policy(), p.kv());
        SpattenConfig.TopK t = full.topk();
        TopKLatencyKind kind = !fastTopK ? TopKLatencyKind.BITONIC_SORTER
                : t.latencyModel() == TopKLatencyKind.BITONIC_SORTER ? TopKLatencyKind.RTL_SIM : t.latencyModel();
        SpattenConfig.TopK topk = new SpattenConfig.TopK(t.parallelism(), kind, t.zeroEliminatorWidth(), t.seed());
        SpattenConfig.Quantization q = full.quant();
        SpattenConfig.Quantization quant = new SpattenConfig.Quantization(quantization && q.enabled(),
                quantization && q.progressive(), q.keyMsbBits(), q.keyLsbBits(), q.valueBits(), q.queryBits(),
                q.requantThreshold(), q.denseBits(), q.csvRequant());
        return full.withPruning(pruningCfg).withTopK(topk).withQuant(quant);
    }

    /** The dense baseline on the same datapath. */
    public static SpattenConfig dense(SpattenConfig full) {
        return DENSE.apply(full);
    }
}

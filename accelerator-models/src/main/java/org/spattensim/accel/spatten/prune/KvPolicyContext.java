package org.spattensim.accel.spatten.prune;

import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.topk.TopKEngine;

/**
 * What a {@link KvPolicy} is built for.
 *
 * @param kv           the policy parameters ({@code pruning.kv})
 * @param layers       layers of the model
 * @param queryHeads   query heads
 * @param kvHeads      KV heads (query head h reads KV head h / (queryHeads / kvHeads))
 * @param headDim      head dimension
 * @param positions    longest context (positions 0..positions-1)
 * @param promptLength prompt positions (0..promptLength-1 are prefilled densely)
 * @param engine       the design's top-k engine (rankings and their cycles)
 */
public record KvPolicyContext(SpattenConfig.KvCache kv, int layers, int queryHeads, int kvHeads, int headDim,
                              int positions, int promptLength, TopKEngine engine) {
    public KvPolicyContext {
        if (layers < 1 || queryHeads < 1 || kvHeads < 1 || queryHeads % kvHeads != 0 || headDim < 1 || positions < 1
                || promptLength < 0 || promptLength > positions) {
            throw new IllegalArgumentException("KV policy context: layers " + layers + ", heads " + queryHeads + "/"
                    + kvHeads + ", head dim " + headDim + ", positions " + positions + ", prompt " + promptLength);
        }
    }

    /** The KV head query head {@code head} reads. */
    public int kvHead(int head) {
        return head / (queryHeads / kvHeads);
    }

    /** Keys one query attends to at a context of n: {@code kv.budget}, or {@code kv.budgetFraction} of n. */
    public int budget(int n) {
        if (kv.budget() > 0) {
            return kv.budget();
        }
        return Math.max(1, (int) Math.ceil(kv.budgetFraction() * n - 1e-9));
    }

    /** Layers left dense: {@code kv.denseLayers}, or the policy's published default when it is -1. */
    public int denseLayers(int publishedDefault) {
        return kv.denseLayers() >= 0 ? kv.denseLayers() : publishedDefault;
    }
}

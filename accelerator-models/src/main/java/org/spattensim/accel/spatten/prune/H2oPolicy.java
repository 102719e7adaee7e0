package org.spattensim.accel.spatten.prune;

import java.util.Arrays;
import org.spattensim.accel.spatten.topk.TopKResult;

/**
 * H2O, the heavy-hitter oracle [H2O], per (layer, KV head) as {@code H2OKVCache_LayerWise} in the H2O code: every
 * cached token accumulates the attention probability it receives (summed over the query positions and, with
 * GQA/MQA, over the query heads of its KV head); after each step's attention, a cache over its size keeps the
 * {@code recent} newest tokens and the {@code heavy} ones with the largest accumulated score among the others; an
 * evicted token never returns. The cache holds {@code budget - 1} tokens, so a step attends to {@code budget} keys
 * with its own; {@code recent = round(kv.recentShare x (budget - 1))}, {@code heavy} the rest (the paper splits the
 * budget evenly). The prompt is prefilled densely and its last {@code kv.promptQueries} queries feed the scores;
 * the first eviction follows the prefill. Hardware: the scores live in the importance accumulators SpAtten already
 * has; the eviction is one top-k over the cache on the design's engine per (layer, KV head) and step.
 */
final class H2oPolicy extends EvictingKvPolicy {
    static final String NAME = "h2o";

    private final double[][] score;
    private double[] candidates = new double[64];
    private int[] keep = new int[64];

    H2oPolicy(KvPolicyContext ctx) {
        super(ctx);
        this.score = new double[ctx.layers() * ctx.kvHeads()][ctx.positions()];
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The eviction after the previous step: down to budget - 1 cached tokens. */
    @Override
    long evict(int set) {
        int limit = ctx.budget(position + 1) - 1;
        int m = cache.size(set);
        if (m <= limit) {
            return 0;
        }
        int recent = Math.min(limit, (int) Math.round(ctx.kv().recentShare() * limit));
        int heavy = limit - recent;
        int n = m - recent;
        if (candidates.length < n) {
            candidates = new double[Math.max(n, 2 * candidates.length)];
        }
        if (keep.length < limit) {
            // The kept list holds heavy + recent = limit tokens, more than the n candidates when recent > 1.
            keep = new int[Math.max(limit, 2 * keep.length)];
        }
        for (int i = 0; i < n; i++) {
            candidates[i] = score[set][cache.get(set, i)];
        }
        TopKResult r = ctx.engine().select(candidates, n, heavy);
        int[] kept = r.kept().clone();
        Arrays.sort(kept);
        System.arraycopy(kept, 0, keep, 0, heavy);
        for (int i = 0; i < recent; i++) {
            keep[heavy + i] = n + i;
        }
        cache.retain(set, keep, limit);
        return r.cycles();
    }

    @Override
    public boolean observes(int position) {
        int window = ctx.kv().promptQueries();
        return position >= ctx.promptLength() || window == 0 || position >= ctx.promptLength() - window;
    }

    @Override
    public void observe(int layer, int head, int[] keys, int count, double[] scores, double[] probs) {
        if (!observes(position)) {
            return;
        }
        double[] s = score[set(layer, head)];
        for (int j = 0; j < count; j++) {
            s[keys[j]] += probs[j];
        }
    }
}

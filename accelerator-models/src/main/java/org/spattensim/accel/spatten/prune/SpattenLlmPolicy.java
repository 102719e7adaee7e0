package org.spattensim.accel.spatten.prune;

import java.util.Arrays;
import org.spattensim.accel.spatten.topk.TopKResult;

/**
 * SpAtten-LLM's KV-cache token pruning, as the SpAtten release's {@code SpAttenKVCache.apply_token_pruning} does it
 * [RTL spatten_llm/kv_cache_token_pruning.py]: when the cache and the coming token exceed {@code start + important +
 * recent}, keep the first {@code start} cached tokens, the {@code recent - 1} newest ones (the coming token makes
 * {@code recent}) and the {@code important} ones with the largest importance among the tokens between; an evicted
 * token never returns. Importance is what the release stores in {@code attn_scores}: the scaled scores q·k/√D (before
 * the softmax) of the last forward, summed over its query positions, per head (with GQA/MQA: over the query heads of
 * the KV head, our extension; the release runs Llama-2 with one KV head per query head).
 *
 * <p>Adapted to decode (our reading): the release prunes once per dialogue turn, making room for the turn's
 * prompt and generation at once; here the same rule runs at every decode step with one coming token, so the last
 * forward is the previous step (for the first step, the prompt's last position). Budget split: {@code start =
 * min(kv.sinkTokens, budget - 1)}; of the rest, {@code recent = round(kv.recentShare x rest)} (at least 1: the
 * coming token) and {@code important} the remainder. Hardware: one top-k over the candidates on the design's
 * engine per (layer, KV head) and step; the scores come from the Q×K array and accumulate per token as SpAtten's
 * importance does.
 */
final class SpattenLlmPolicy extends EvictingKvPolicy {
    static final String NAME = "spatten-llm";

    private final double[][] importance;
    /** Position of the forward each importance entry was last written in. */
    private final int[][] writtenAt;
    /** Per set: position of its last observed forward. */
    private final int[] lastForward;
    private double[] candidates = new double[64];
    private int[] keep = new int[64];

    SpattenLlmPolicy(KvPolicyContext ctx) {
        super(ctx);
        int sets = ctx.layers() * ctx.kvHeads();
        this.importance = new double[sets][ctx.positions()];
        this.writtenAt = new int[sets][ctx.positions()];
        for (int[] w : writtenAt) {
            Arrays.fill(w, -1);
        }
        this.lastForward = new int[sets];
        Arrays.fill(lastForward, -1);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The release's pruning before the coming token: to start + important + recent - 1 cached tokens. */
    @Override
    long evict(int set) {
        int budget = ctx.budget(position + 1);
        int m = cache.size(set);
        if (m + 1 <= budget) {
            return 0;
        }
        int start = Math.min(ctx.kv().sinkTokens(), budget - 1);
        int rest = budget - start;
        int recent = Math.max(1, Math.min(rest, (int) Math.round(ctx.kv().recentShare() * rest)));
        int important = rest - recent;
        int n = m - (recent - 1) - start;
        if (candidates.length < n) {
            candidates = new double[Math.max(n, 2 * candidates.length)];
        }
        if (keep.length < budget) {
            keep = new int[Math.max(budget, 2 * keep.length)];
        }
        int last = lastForward[set];
        for (int i = 0; i < n; i++) {
            int p = cache.get(set, start + i);
            candidates[i] = writtenAt[set][p] == last ? importance[set][p] : 0;
        }
        TopKResult r = ctx.engine().select(candidates, n, important);
        int[] kept = r.kept().clone();
        Arrays.sort(kept);
        int k = 0;
        for (int i = 0; i < start; i++) {
            keep[k++] = i;
        }
        for (int i : kept) {
            keep[k++] = start + i;
        }
        for (int i = m - (recent - 1); i < m; i++) {
            keep[k++] = i;
        }
        cache.retain(set, keep, k);
        return r.cycles();
    }

    @Override
    public boolean observes(int position) {
        return position >= ctx.promptLength() - 1;
    }

    @Override
    public void observe(int layer, int head, int[] keys, int count, double[] scores, double[] probs) {
        if (!observes(position)) {
            return;
        }
        int set = set(layer, head);
        double[] imp = importance[set];
        int[] at = writtenAt[set];
        for (int j = 0; j < count; j++) {
            int p = keys[j];
            if (at[p] != position) {
                at[p] = position;
                imp[p] = 0;
            }
            imp[p] += scores[j];
        }
        lastForward[set] = position;
    }
}

package org.spattensim.accel.spatten.prune;

/**
 * StreamingLLM [STREAMINGLLM]: the first {@code kv.sinkTokens} tokens (attention sinks, 4 in the paper and in
 * mit-han-lab/streaming-llm's {@code StartRecentKVCache} start_size) and a window of the most recent ones, the
 * step's own token included, {@code budget} keys in all. Needs no importance and no ranking: the kept keys are two
 * address ranges. Positions keep their original index (the release's position shift, which re-numbers cached keys
 * for RoPE, is not modelled: the recorded keys carry their own positions).
 */
final class StreamingLlmPolicy extends AbstractKvPolicy {
    static final String NAME = "streaming-llm";

    StreamingLlmPolicy(KvPolicyContext ctx) {
        super(ctx, 0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KvSelection select(int layer, int head, HeadData data, int[] out) {
        int n = position + 1;
        int budget = ctx.budget(n);
        if (!selecting(layer) || n <= budget) {
            return KvSelection.all(KvPolicies.allPositions(n, out));
        }
        int sinks = Math.min(ctx.kv().sinkTokens(), budget - 1);
        int m = 0;
        for (int t = 0; t < sinks; t++) {
            out[m++] = t;
        }
        for (int t = n - (budget - sinks); t < n; t++) {
            out[m++] = t;
        }
        return KvSelection.all(m);
    }
}

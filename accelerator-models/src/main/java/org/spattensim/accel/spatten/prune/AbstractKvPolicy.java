package org.spattensim.accel.spatten.prune;

/** What every KV policy holds: its context, its dense layers and the step in progress. */
abstract class AbstractKvPolicy implements KvPolicy {
    protected final KvPolicyContext ctx;
    /** Layers left dense: {@code kv.denseLayers}, or the policy's published default. */
    protected final int dense;
    protected int position;
    protected boolean prompt;

    AbstractKvPolicy(KvPolicyContext ctx, int publishedDenseLayers) {
        this.ctx = ctx;
        this.dense = ctx.denseLayers(publishedDenseLayers);
    }

    @Override
    public void beginStep(int position, boolean prompt) {
        this.position = position;
        this.prompt = prompt;
    }

    /** True when this step selects in {@code layer} (a generated position in a layer past the dense ones). */
    protected boolean selecting(int layer) {
        return !prompt && layer >= dense;
    }

    /** The (layer, KV head) state index of a query head. */
    protected int set(int layer, int head) {
        return layer * ctx.kvHeads() + ctx.kvHead(head);
    }

    @Override
    public boolean observes(int position) {
        return false;
    }

    @Override
    public void observe(int layer, int head, int[] keys, int count, double[] scores, double[] probs) {
    }
}

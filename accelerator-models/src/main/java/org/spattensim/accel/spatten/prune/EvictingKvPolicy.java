package org.spattensim.accel.spatten.prune;

/**
 * A policy that evicts from a per-(layer, KV head) cache (H2O, SpAtten-LLM): at the first selection of a set in a
 * step it evicts by its rule (not in the prompt, not in dense layers), then admits every position up to the step's
 * own; the set's heads all attend to the cache. An evicted token never returns.
 */
abstract class EvictingKvPolicy extends AbstractKvPolicy {
    protected final CacheSets cache;

    EvictingKvPolicy(KvPolicyContext ctx) {
        super(ctx, 0);
        this.cache = new CacheSets(ctx.layers() * ctx.kvHeads(), ctx.positions());
    }

    @Override
    public final KvSelection select(int layer, int head, HeadData data, int[] out) {
        int set = set(layer, head);
        long cycles = 0;
        if (cache.firstAt(set, position)) {
            if (selecting(layer)) {
                cycles = evict(set);
            }
            cache.admitThrough(set, position);
        }
        return new KvSelection(cache.copyTo(set, out), cycles, 0, 0);
    }

    /** Evicts from {@code set} before the step's token enters; returns the top-k cycles it took. */
    abstract long evict(int set);
}

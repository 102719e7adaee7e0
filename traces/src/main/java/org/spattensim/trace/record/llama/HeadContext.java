package org.spattensim.trace.record.llama;

/**
 * Where the forward pass is when it calls an {@link AttentionPolicy}: one layer, one query head, one query
 * position, and read access to that head's query and to the cached keys and values it attends to. One instance
 * per session is reused for every call (no allocation on the hot path): read it during the call, do not keep it.
 * Keys and values are the cached ones (keys after RoPE), before any {@link AttentionPolicy#transformKey} change.
 */
public final class HeadContext {
    private final LlamaConfig config;
    private final float[][] keyCache;
    private final float[][] valueCache;
    private float[] query;
    private int layer;
    private int head;
    private int position;
    private int pass;

    HeadContext(LlamaConfig config, float[][] keyCache, float[][] valueCache) {
        this.config = config;
        this.keyCache = keyCache;
        this.valueCache = valueCache;
    }

    void set(int layer, int head, int position, float[] query) {
        this.layer = layer;
        this.head = head;
        this.position = position;
        this.query = query;
        this.pass = 0;
    }

    void setPass(int pass) {
        this.pass = pass;
    }

    public LlamaConfig config() {
        return config;
    }

    public int layer() {
        return layer;
    }

    /** Query head index, 0..nHeads-1. */
    public int head() {
        return head;
    }

    /** KV head this query head reads (grouped-query attention). */
    public int kvHead() {
        return config.kvHeadOf(head);
    }

    /** Position of the query token; keys 0..position take part (causal). */
    public int position() {
        return position;
    }

    /** Number of keys this query may attend to: {@code position + 1}. */
    public int keyCount() {
        return position + 1;
    }

    /** Score pass: 0 for the first, incremented on each {@link AttentionPolicy#recompute} request. */
    public int pass() {
        return pass;
    }

    public int headSize() {
        return config.headSize();
    }

    /** Element {@code i} of this head's query (after RoPE). */
    public float query(int i) {
        return query[head * config.headSize() + i];
    }

    /** Element {@code i} of the cached key at position {@code t} for this head's KV head (after RoPE). */
    public float key(int t, int i) {
        return keyCache[layer][t * config.kvDim() + kvHead() * config.headSize() + i];
    }

    /** Element {@code i} of the cached value at position {@code t} for this head's KV head. */
    public float value(int t, int i) {
        return valueCache[layer][t * config.kvDim() + kvHead() * config.headSize() + i];
    }
}

package org.spattensim.accel.spatten.prune;

/** Where cascade token pruning accumulates importance and keeps tokens (config key {@code pruning.tokenImportance}). */
public enum TokenImportance {
    /**
     * SpAtten's cascade [KR]: one importance per token, summed over every head's probabilities; a layer keeps
     * the same tokens for all heads.
     */
    GLOBAL,
    /**
     * Per KV head, as the SpAtten release's SpAtten-LLM KV-cache pruning does [RTL spatten_llm/
     * kv_cache_token_pruning.py: importance = attention summed over the query positions, kept per head]: each KV
     * head (with GQA/MQA, the query heads of its group together) accumulates its own importance and keeps its own
     * tokens, so the key rows it fetches are its own.
     */
    PER_KV_HEAD
}

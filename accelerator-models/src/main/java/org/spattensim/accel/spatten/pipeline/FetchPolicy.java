package org.spattensim.accel.spatten.pipeline;

/** What the fetcher reads for a task. */
public enum FetchPolicy {
    /** SpAtten: only the keys kept by cascade token pruning and the values kept by local value pruning. */
    KEPT_ONLY,
    /**
     * A3 and MNNFast as SpAtten describes them [KR]: every key and value of the context is fetched from DRAM,
     * and the kept ones are chosen afterwards, so compute is saved but DRAM traffic is not.
     */
    ALL_THEN_DECIDE
}

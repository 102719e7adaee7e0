package org.spattensim.accel.spatten.prune;

/**
 * What one {@link KvPolicy#select} kept and what the hardware did for it.
 *
 * @param count         positions written to the output
 * @param topkCycles    cycles of the top-k engine (an eviction or a page ranking; 0 when nothing was ranked)
 * @param metadataRows  rows of per-page metadata read from DRAM for this head's KV head (Quest: a min and a max key
 *                      per page; non-zero on the first head of a KV group only, the group shares the read)
 * @param metadataDots  dot products of the query with metadata rows (Quest's page upper bounds, on the Q×K array)
 */
public record KvSelection(int count, long topkCycles, int metadataRows, long metadataDots) {
    public static KvSelection all(int count) {
        return new KvSelection(count, 0, 0, 0);
    }
}

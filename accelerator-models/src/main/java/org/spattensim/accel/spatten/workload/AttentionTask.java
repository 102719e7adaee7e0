package org.spattensim.accel.spatten.workload;

/**
 * One attention task for the timing model: one query of one head in one layer and step (decode: the
 * step's single query; prefill: every surviving query position). Everything the cycle-level pipeline
 * needs to know about the data-dependent decisions is here; the design parameters come from
 * {@code SpattenConfig}.
 *
 * @param step              generation step (0 for a prefill pass)
 * @param layer             layer
 * @param head              query head
 * @param query             position of the query token
 * @param contextLength     L: keys visible to this query before pruning
 * @param keptKeys          keys fetched after cascade token pruning (0 when the head is pruned)
 * @param keyMsbBits        bits of the first key fetch
 * @param keyLsbBits        bits added by the LSB refetch (0 when no refetch is possible)
 * @param requant           this task refetches the key LSBs and recomputes Q×K and softmax
 * @param keptValues        value rows fetched after local value pruning
 * @param valueBits         value bits
 * @param headPruned        the head was removed by cascade head pruning (no fetch, no compute)
 * @param fusedSlot         0: alone; 1 / 2: first / second of two heads fused in one 12-bit slot (6-bit data)
 * @param tokenTopKCycles   cycles of the cascade token top-k that must finish before this task's fetch
 *                          (non-zero on the first task of a layer and step that prunes tokens)
 * @param headTopKCycles    cycles of the cascade head top-k before this task (first task of a layer)
 * @param valueTopKCycles   cycles of this task's local value pruning top-k (over keptKeys probabilities)
 */
public record AttentionTask(int step, int layer, int head, int query, int contextLength, int keptKeys,
                            int keyMsbBits, int keyLsbBits, boolean requant, int keptValues, int valueBits,
                            boolean headPruned, int fusedSlot, int tokenTopKCycles, int headTopKCycles,
                            int valueTopKCycles) {

    /** Key bits after the refetch (MSB + LSB when {@link #requant}, else MSB). */
    public int keyBitsFinal() {
        return requant ? keyMsbBits + keyLsbBits : keyMsbBits;
    }
}

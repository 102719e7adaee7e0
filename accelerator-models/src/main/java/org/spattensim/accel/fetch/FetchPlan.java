package org.spattensim.accel.fetch;

import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * What each task of a workload fetches, as the SpAtten fetcher groups it: a leader task fetches the rows, its
 * followers reuse them (the second of two fused 6-bit heads, the later queries of one prefill head). Shared by
 * the cycle-level pipeline and the analytic model, so both fetch exactly the same rows. Immutable once built.
 */
public final class FetchPlan {
    private final Workload w;
    private final MemoryLayout layout;
    private final int queryStride;
    private final int[] leader;
    private final int[] groupSize;
    private final int[] keyRows;
    private final int[] valueRows;
    private final int[] keyStride;
    private final int[] valueStride;
    private final int n;
    /** Per group leader with index lists: the sorted union of its members' key / value rows (else null). */
    private final int[][] keyUnion;
    private final int[][] valueUnion;
    private final boolean testbenchLayout;
    private final int[] releasePattern;

    /**
     * @param transactionBytes DRAM transaction size (row strides are whole transactions)
     * @param fetchAll         fetch every key and value of the context (A3/MNNFast), not only the kept ones
     */
    public FetchPlan(SpattenConfig cfg, Workload w, int transactionBytes, boolean fetchAll) {
        this.w = w;
        this.n = w.size();
        int headDim = w.headDim();
        int maxContext = 1;
        int maxBits = 16;
        for (int j = 0; j < n; j++) {
            maxContext = Math.max(maxContext, w.contextLength(j));
            maxBits = Math.max(maxBits, Math.max(w.keyMsbBits(j) + w.keyLsbBits(j), w.valueBits(j)));
        }
        boolean fused = false;
        for (int j = 0; j < n && !fused; j++) {
            fused = w.fusedSlot(j) != 0;
        }
        layout = layoutFor(w.layers(), w.kvHeads(), maxContext, headDim, maxBits, fused ? 2 : 1, transactionBytes);
        queryStride = layout.strideBytes(headDim, Math.max(1, cfg.quant().enabled() ? cfg.quant().queryBits()
                : cfg.quant().denseBits()));
        testbenchLayout = cfg.memory().layout() == AddressLayout.RELEASE_TESTBENCH;
        // [RTL SpAtten.scala] maxNumKey = numMultipliers / minD x numBufferLines.
        int vectorsPerLine = Math.max(1, cfg.buffers().lineElements() / headDim);
        releasePattern = ReleaseIndexPattern.table(cfg.memory().fetcherChannels(), cfg.buffers().keyLines(),
                (int) Math.min(Integer.MAX_VALUE, (long) vectorsPerLine * cfg.buffers().keyLines()), maxContext + 8);
        leader = new int[n];
        groupSize = new int[n];
        keyRows = new int[n];
        valueRows = new int[n];
        keyStride = new int[n];
        valueStride = new int[n];
        for (int j = 0; j < n; j++) {
            // The queries of one prefill head, and the query heads of one KV head (GQA/MQA), read the same K/V
            // rows: the group's first task fetches the union once and the others read it from the buffers
            // (docs/spatten-timing.md, "Shapes"); the two heads of a fused 6-bit slot share one fetch too.
            boolean sameHead = j > 0 && w.step(j) == w.step(j - 1) && w.layer(j) == w.layer(j - 1)
                    && w.kvHead(j) == w.kvHead(j - 1);
            boolean fusedSecond = j > 0 && w.fusedSlot(j) == 2 && w.fusedSlot(j - 1) == 1 && active(j - 1);
            leader[j] = active(j) && (sameHead || fusedSecond) && active(leader[j - 1]) ? leader[j - 1] : j;
            int l = leader[j];
            groupSize[l]++;
            if (!active(j)) {
                continue;
            }
            int heads = w.fusedSlot(l) == 1 ? 2 : 1;
            keyRows[l] = Math.max(keyRows[l], fetchAll ? w.contextLength(j) : w.keptKeys(j));
            keyStride[l] = layout.strideBytes(heads * headDim, w.keyMsbBits(l));
            // A prefill group's values cover every key its queries kept.
            int values = fetchAll ? w.contextLength(j) : sameHead ? Math.max(w.keptKeys(j), w.keptValues(j)) : w.keptValues(j);
            valueRows[l] = Math.max(valueRows[l], values);
            valueStride[l] = layout.strideBytes(heads * headDim, w.valueBits(l));
        }
        keyUnion = new int[n][];
        valueUnion = new int[n][];
        if (w.hasIndices() && !fetchAll) {
            unions();
        }
    }

    /** Groups of several tasks with index lists fetch the union of their members' rows, once. */
    private void unions() {
        java.util.BitSet keys = new java.util.BitSet();
        java.util.BitSet values = new java.util.BitSet();
        for (int l = 0; l < n; l++) {
            if (leader[l] != l || groupSize[l] < 2 || !active(l)) {
                continue;
            }
            keys.clear();
            values.clear();
            for (int j = l; j < n && leader[j] == l; j++) {
                if (!active(j)) {
                    continue;
                }
                for (int x : w.keyIndices(j)) {
                    keys.set(x);
                }
                for (int x : w.valueIndices(j)) {
                    values.set(x);
                }
            }
            keyUnion[l] = keys.stream().toArray();
            valueUnion[l] = values.stream().toArray();
            keyRows[l] = keyUnion[l].length;
            valueRows[l] = valueUnion[l].length;
        }
    }

    /**
     * The DRAM layout of a workload: keys, their LSBs and values belong to KV heads (a GQA/MQA model stores each KV
     * head's rows once), a region holds {@code maxContext} rows of {@code heads} heads (2 when two 6-bit heads share
     * a slot) at {@code maxBits} (16 at least), plus a transaction of slack.
     */
    public static MemoryLayout layoutFor(int layers, int kvHeads, int maxContext, int headDim, int maxBits, int heads,
                                         int transactionBytes) {
        return new MemoryLayout(layers, kvHeads, maxContext, heads * headDim * Math.max(16, maxBits) / 8 + 32,
                transactionBytes);
    }

    /** Base address of one matrix of task {@code j}: its region, or the release testbench's address. */
    public long base(MatrixKind kind, int j) {
        return testbenchLayout ? AddressLayout.testbenchBase(kind, j) : layout.regionBase(kind, w.layer(j), w.kvHead(j));
    }

    /** True when addresses wrap as in the release testbench (no footprint check applies). */
    public boolean testbenchLayout() {
        return testbenchLayout;
    }

    /** Kept-row indices of a block: the workload's own, or the release's index table when it gives only counts. */
    public int[] indices(int[] given) {
        return given != null ? given : releasePattern;
    }

    /** The key block leader {@code l} fetches (fetchAll: every row of the context, in order). */
    public FetchBlock keyBlock(int l, int transactionBytes, boolean fetchAll) {
        int[] idx = fetchAll ? null : keyUnion[l] != null ? keyUnion[l] : indices(w.hasIndices() ? w.keyIndices(l) : null);
        return new FetchBlock(l, MatrixKind.KEY, base(MatrixKind.KEY, l), keyStride(l), keyRows(l), transactionBytes,
                idx, w.contextLength(l));
    }

    /**
     * The page-metadata rows task {@code m}'s KV head reads before its layer's selection, at the full key width,
     * contiguous in the KV head's metadata region; {@code gate} is the task whose gate waits for them.
     */
    public FetchBlock metadataBlock(int gate, int m, int transactionBytes) {
        int stride = layout.strideBytes(w.headDim(), Math.max(1, w.keyMsbBits(m) + w.keyLsbBits(m)));
        return new FetchBlock(gate, MatrixKind.PAGE_METADATA, base(MatrixKind.PAGE_METADATA, m), stride,
                w.metadataRows(m), transactionBytes, null, w.metadataRows(m));
    }

    /** The key-LSB block of task {@code j}'s refetch: one head's kept keys at the LSB width. */
    public FetchBlock keyLsbBlock(int j, int transactionBytes) {
        return new FetchBlock(j, MatrixKind.KEY_LSB, base(MatrixKind.KEY_LSB, j), keyLsbStride(j), w.keptKeys(j),
                transactionBytes, indices(w.hasIndices() ? w.keyIndices(j) : null), w.contextLength(j));
    }

    /** The value block leader {@code l} fetches (fetchAll: every row of the context, in order). */
    public FetchBlock valueBlock(int l, int transactionBytes, boolean fetchAll) {
        int[] idx = fetchAll ? null : valueUnion[l] != null ? valueUnion[l]
                : indices(w.hasIndices() ? w.valueIndices(l) : null);
        return new FetchBlock(l, MatrixKind.VALUE, base(MatrixKind.VALUE, l), valueStride(l), valueRows(l),
                transactionBytes, idx, w.contextLength(l));
    }

    /**
     * True when the members of leader {@code l}'s group share one LSB refetch: a prefill head's queries or a KV
     * head's query heads read the same key rows, so the first refetch fetches the LSBs of the group's union and
     * later ones read them from the key buffer (our buffering assumption, as for the MSBs). The two heads of a
     * fused 6-bit slot refetch separately, one head each, as the released RTL does.
     */
    public boolean sharesRefetch(int l) {
        return groupSize[l] > 1 && w.fusedSlot(l) != 1;
    }

    /**
     * The LSB block of a sharing group: the union of leader {@code l}'s group's key rows, one head at the LSB
     * width, fetched by the refetch of task {@code j} (the group's first).
     */
    public FetchBlock keyLsbGroupBlock(int l, int j, int transactionBytes) {
        int[] idx = keyUnion[l] != null ? keyUnion[l] : indices(w.hasIndices() ? w.keyIndices(l) : null);
        return new FetchBlock(j, MatrixKind.KEY_LSB, base(MatrixKind.KEY_LSB, l), keyLsbStride(l), keyRows(l),
                transactionBytes, idx, w.contextLength(l));
    }

    /** Bytes of one key-LSB row of task {@code j}. */
    public int keyLsbStride(int j) {
        return layout.strideBytes(w.headDim(), w.keyLsbBits(j));
    }

    /** A task runs (and fetches) unless its head was pruned or it kept no key. */
    public boolean active(int j) {
        return !w.headPruned(j) && w.keptKeys(j) > 0;
    }

    public MemoryLayout layout() {
        return layout;
    }

    /** Bytes of one query row. */
    public int queryStride() {
        return queryStride;
    }

    /** The task whose fetched rows task {@code j} uses ({@code j} itself for a leader). */
    public int leader(int j) {
        return leader[j];
    }

    /** Tasks sharing leader {@code l}'s rows, the leader included (0 for a follower). */
    public int groupSize(int l) {
        return groupSize[l];
    }

    /** Key rows leader {@code l} fetches (0 for a follower). */
    public int keyRows(int l) {
        return keyRows[l];
    }

    public int valueRows(int l) {
        return valueRows[l];
    }

    /** Bytes per fetched key row of leader {@code l} (MSBs; both heads when fused). */
    public int keyStride(int l) {
        return keyStride[l];
    }

    public int valueStride(int l) {
        return valueStride[l];
    }
}

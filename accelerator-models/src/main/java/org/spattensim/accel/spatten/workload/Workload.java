package org.spattensim.accel.spatten.workload;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * A compact, columnar list of {@link AttentionTask}s in issue order (step, layer, head, query), the
 * hand-off from a producer (data-driven functional model or decision-driven CSV import) to a timing
 * model. Hot loops read the primitive columns by index ({@link #keptKeys(int)} ...); {@link #task(int)}
 * materialises one record. Optional per-task kept key and value indices (for address generation) are
 * stored CSR-style; when absent the kept rows are 0..n−1 of the context ({@link #hasIndices()}).
 * Immutable once built.
 */
public final class Workload {
    private final String source;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int n;
    private final int[] step;
    private final int[] layer;
    private final int[] head;
    private final int[] query;
    private final int[] context;
    private final int[] keptKeys;
    private final byte[] keyMsbBits;
    private final byte[] keyLsbBits;
    private final boolean[] requant;
    private final int[] keptValues;
    private final byte[] valueBits;
    private final boolean[] headPruned;
    private final byte[] fusedSlot;
    private final int[] tokenTopK;
    private final int[] headTopK;
    private final int[] valueTopK;
    /** Per task, or null when no task reads page metadata (only KV policies such as Quest do). */
    private final int[] metadataRows;
    private final long[] metadataDots;
    private final int[] keyOffsets;
    private final int[] keyIndices;
    private final int[] valueOffsets;
    private final int[] valueIndices;

    private Workload(Builder b) {
        source = b.source;
        layers = b.layers;
        heads = b.heads;
        kvHeads = b.kvHeads;
        headDim = b.headDim;
        n = b.n;
        step = Arrays.copyOf(b.step, n);
        layer = Arrays.copyOf(b.layer, n);
        head = Arrays.copyOf(b.head, n);
        query = Arrays.copyOf(b.query, n);
        context = Arrays.copyOf(b.context, n);
        keptKeys = Arrays.copyOf(b.keptKeys, n);
        keyMsbBits = Arrays.copyOf(b.keyMsbBits, n);
        keyLsbBits = Arrays.copyOf(b.keyLsbBits, n);
        requant = Arrays.copyOf(b.requant, n);
        keptValues = Arrays.copyOf(b.keptValues, n);
        valueBits = Arrays.copyOf(b.valueBits, n);
        headPruned = Arrays.copyOf(b.headPruned, n);
        fusedSlot = Arrays.copyOf(b.fusedSlot, n);
        tokenTopK = Arrays.copyOf(b.tokenTopK, n);
        headTopK = Arrays.copyOf(b.headTopK, n);
        valueTopK = Arrays.copyOf(b.valueTopK, n);
        metadataRows = b.metadataRows == null ? null : Arrays.copyOf(b.metadataRows, n);
        metadataDots = b.metadataDots == null ? null : Arrays.copyOf(b.metadataDots, n);
        if (b.withIndices) {
            keyOffsets = Arrays.copyOf(b.keyOffsets, n + 1);
            valueOffsets = Arrays.copyOf(b.valueOffsets, n + 1);
            keyIndices = Arrays.copyOf(b.keyIdx, b.keyOffsets[n]);
            valueIndices = Arrays.copyOf(b.valueIdx, b.valueOffsets[n]);
        } else {
            keyOffsets = null;
            valueOffsets = null;
            keyIndices = null;
            valueIndices = null;
        }
    }

    /** Where the workload came from (trace path, CSV name, plus the mode). */
    public String source() {
        return source;
    }

    /** KV heads (GQA/MQA: fewer than {@link #heads()}; their K/V rows are shared by {@code heads / kvHeads} query heads). */
    public int kvHeads() {
        return kvHeads;
    }

    /** The KV head whose keys and values task i's query head reads. */
    public int kvHead(int i) {
        return head[i] / (heads / kvHeads);
    }

    public int layers() {
        return layers;
    }

    public int heads() {
        return heads;
    }

    public int headDim() {
        return headDim;
    }

    public int size() {
        return n;
    }

    public int step(int i) {
        return step[i];
    }

    /**
     * Rows of page metadata task i's KV head reads from DRAM before its layer's token selection (a query-aware KV
     * policy; the first selecting head of each KV group carries its group's read); 0 for most workloads.
     */
    public int metadataRows(int i) {
        return metadataRows == null ? 0 : metadataRows[i];
    }

    /** Dot products of task i's query with metadata rows (Quest's page bounds), computed before the selection. */
    public long metadataDots(int i) {
        return metadataDots == null ? 0 : metadataDots[i];
    }

    /** True when some task reads page metadata. */
    public boolean readsMetadata() {
        return metadataRows != null;
    }

    public int layer(int i) {
        return layer[i];
    }

    public int head(int i) {
        return head[i];
    }

    public int query(int i) {
        return query[i];
    }

    public int contextLength(int i) {
        return context[i];
    }

    public int keptKeys(int i) {
        return keptKeys[i];
    }

    public int keyMsbBits(int i) {
        return keyMsbBits[i];
    }

    public int keyLsbBits(int i) {
        return keyLsbBits[i];
    }

    public boolean requant(int i) {
        return requant[i];
    }

    public int keptValues(int i) {
        return keptValues[i];
    }

    public int valueBits(int i) {
        return valueBits[i];
    }

    public boolean headPruned(int i) {
        return headPruned[i];
    }

    public int fusedSlot(int i) {
        return fusedSlot[i];
    }

    public int tokenTopKCycles(int i) {
        return tokenTopK[i];
    }

    public int headTopKCycles(int i) {
        return headTopK[i];
    }

    public int valueTopKCycles(int i) {
        return valueTopK[i];
    }

    /** Whether per-task kept key/value indices are stored (data-driven workloads). */
    public boolean hasIndices() {
        return keyIndices != null;
    }

    /** Kept key positions of task i, ascending; without stored indices, 0..keptKeys−1. */
    public int[] keyIndices(int i) {
        return keyIndices == null ? iota(keptKeys[i]) : Arrays.copyOfRange(keyIndices, keyOffsets[i], keyOffsets[i + 1]);
    }

    /** Kept value positions of task i, ascending; without stored indices, 0..keptValues−1. */
    public int[] valueIndices(int i) {
        return valueIndices == null ? iota(keptValues[i])
                : Arrays.copyOfRange(valueIndices, valueOffsets[i], valueOffsets[i + 1]);
    }

    public AttentionTask task(int i) {
        return new AttentionTask(step[i], layer[i], head[i], query[i], context[i], keptKeys[i], keyMsbBits[i],
                keyLsbBits[i], requant[i], keptValues[i], valueBits[i], headPruned[i], fusedSlot[i], tokenTopK[i],
                headTopK[i], valueTopK[i]);
    }

    /** A read-only list view (materialises records on access). */
    public List<AttentionTask> tasks() {
        return new AbstractList<>() {
            @Override
            public AttentionTask get(int i) {
                return task(i);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    public WorkloadSummary summary() {
        return WorkloadSummary.of(this);
    }

    private static int[] iota(int k) {
        int[] r = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Appends tasks; {@code withIndices} decides whether kept indices are stored. Not thread-safe. */
    public static final class Builder {
        private final String source;
        private final int layers;
        private final int heads;
        private int kvHeads;
        private final int headDim;
        private final boolean withIndices;
        private int n;
        private int[] step = new int[64];
        private int[] layer = new int[64];
        private int[] head = new int[64];
        private int[] query = new int[64];
        private int[] context = new int[64];
        private int[] keptKeys = new int[64];
        private byte[] keyMsbBits = new byte[64];
        private byte[] keyLsbBits = new byte[64];
        private boolean[] requant = new boolean[64];
        private int[] keptValues = new int[64];
        private byte[] valueBits = new byte[64];
        private boolean[] headPruned = new boolean[64];
        private byte[] fusedSlot = new byte[64];
        private int[] tokenTopK = new int[64];
        private int[] headTopK = new int[64];
        private int[] valueTopK = new int[64];
        private int[] metadataRows;
        private long[] metadataDots;
        private int[] keyOffsets = new int[65];
        private int[] valueOffsets = new int[65];
        private int[] keyIdx = new int[256];
        private int[] valueIdx = new int[256];

        public Builder(String source, int layers, int heads, int headDim, boolean withIndices) {
            if (layers <= 0 || heads <= 0 || headDim <= 0) {
                throw new InvalidInputException(source + ": workload needs layers, heads and headDim > 0; got "
                        + layers + ", " + heads + ", " + headDim);
            }
            this.source = source;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = heads;
            this.headDim = headDim;
            this.withIndices = withIndices;
        }

        /** KV heads of a GQA/MQA model (default: one per query head); must divide the query heads. */
        public Builder kvHeads(int kv) {
            if (kv <= 0 || heads % kv != 0) {
                throw new InvalidInputException(source + ": kvHeads " + kv + " does not divide the " + heads
                        + " query heads; expected a divisor of the query heads");
            }
            this.kvHeads = kv;
            return this;
        }

        public int size() {
            return n;
        }

        public Builder add(AttentionTask t) {
            if (withIndices) {
                throw new IllegalStateException("this builder stores indices: use add(task, keys, values)");
            }
            append(t);
            return this;
        }

        /** Adds a task with its kept key and value positions ({@code keys[0..t.keptKeys())} ...). */
        public Builder add(AttentionTask t, int[] keys, int[] values) {
            append(t);
            if (withIndices) {
                keyIdx = put(keyIdx, keyOffsets[n - 1], keys, t.keptKeys());
                keyOffsets[n] = keyOffsets[n - 1] + t.keptKeys();
                valueIdx = put(valueIdx, valueOffsets[n - 1], values, t.keptValues());
                valueOffsets[n] = valueOffsets[n - 1] + t.keptValues();
            }
            return this;
        }

        /** Page metadata the last added task reads ({@link Workload#metadataRows}) and scores. */
        public Builder metadata(int rows, long dots) {
            if (n == 0 || rows < 0 || dots < 0) {
                throw new IllegalStateException("metadata " + rows + "/" + dots + " with " + n + " tasks");
            }
            if (rows == 0 && dots == 0) {
                return this;
            }
            if (metadataRows == null) {
                metadataRows = new int[step.length];
                metadataDots = new long[step.length];
            }
            metadataRows[n - 1] = rows;
            metadataDots[n - 1] = dots;
            return this;
        }

        private static int[] put(int[] dst, int at, int[] src, int count) {
            if (dst.length < at + count) {
                dst = Arrays.copyOf(dst, Math.max(dst.length * 2, at + count));
            }
            System.arraycopy(src, 0, dst, at, count);
            return dst;
        }

        private void append(AttentionTask t) {
            // Kept counts may exceed the context by the fetch granule (the release rounds them up to 8).
            if (t.contextLength() < 1 || t.keptKeys() < 0 || t.keptValues() < 0 || t.keptValues() > t.keptKeys()
                    || t.keptKeys() > t.contextLength() + 64) {
                throw new InvalidInputException(source + ": task " + n + " (step " + t.step() + ", layer " + t.layer()
                        + ", head " + t.head() + "): kept keys " + t.keptKeys() + " / values " + t.keptValues()
                        + " of context " + t.contextLength()
                        + "; expected context >= 1 and 0 <= values <= keys <= context (+ a fetch granule)");
            }
            if (n == step.length) {
                grow();
            }
            step[n] = t.step();
            layer[n] = t.layer();
            head[n] = t.head();
            query[n] = t.query();
            context[n] = t.contextLength();
            keptKeys[n] = t.keptKeys();
            keyMsbBits[n] = (byte) t.keyMsbBits();
            keyLsbBits[n] = (byte) t.keyLsbBits();
            requant[n] = t.requant();
            keptValues[n] = t.keptValues();
            valueBits[n] = (byte) t.valueBits();
            headPruned[n] = t.headPruned();
            fusedSlot[n] = (byte) t.fusedSlot();
            tokenTopK[n] = t.tokenTopKCycles();
            headTopK[n] = t.headTopKCycles();
            valueTopK[n] = t.valueTopKCycles();
            n++;
        }

        private void grow() {
            int c = step.length * 2;
            step = Arrays.copyOf(step, c);
            layer = Arrays.copyOf(layer, c);
            head = Arrays.copyOf(head, c);
            query = Arrays.copyOf(query, c);
            context = Arrays.copyOf(context, c);
            keptKeys = Arrays.copyOf(keptKeys, c);
            keyMsbBits = Arrays.copyOf(keyMsbBits, c);
            keyLsbBits = Arrays.copyOf(keyLsbBits, c);
            requant = Arrays.copyOf(requant, c);
            keptValues = Arrays.copyOf(keptValues, c);
            valueBits = Arrays.copyOf(valueBits, c);
            headPruned = Arrays.copyOf(headPruned, c);
            fusedSlot = Arrays.copyOf(fusedSlot, c);
            tokenTopK = Arrays.copyOf(tokenTopK, c);
            headTopK = Arrays.copyOf(headTopK, c);
            valueTopK = Arrays.copyOf(valueTopK, c);
            if (metadataRows != null) {
                metadataRows = Arrays.copyOf(metadataRows, c);
                metadataDots = Arrays.copyOf(metadataDots, c);
            }
            keyOffsets = Arrays.copyOf(keyOffsets, c + 1);
            valueOffsets = Arrays.copyOf(valueOffsets, c + 1);
        }

        public Workload build() {
            return new Workload(this);
        }
    }
}

package org.spattensim.trace.spatten;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.spattensim.common.InvalidInputException;

/**
 * A SpAtten decision trace: the ordered attention tasks of a released SpAtten workload (one per
 * generation step, layer and head) plus where they came from. Immutable.
 *
 * <p>Stored column by column (one primitive array per CSV column) so a replay loop reads
 * {@link #keyFetchNum(int)} and friends without allocating; {@link #task(int)} and {@link #tasks()}
 * give the row view as {@link SpattenTask} records. Build one with {@link SpattenCsvReader},
 * {@link BundledSpattenWorkloads}, {@code SpattenDecisionTraceReader} or a {@link Builder}.
 */
public final class SpattenWorkload {
    private final SpattenProvenance provenance;
    private final int size;
    /** One array per column, indexed by {@link SpattenColumn#ordinal()}; REAL columns are in {@link #reals}. */
    private final int[][] ints;
    private final double[] reals;

    private SpattenWorkload(SpattenProvenance provenance, int size, int[][] ints, double[] reals) {
        this.provenance = provenance;
        this.size = size;
        this.ints = ints;
        this.reals = reals;
    }

    public SpattenProvenance provenance() {
        return provenance;
    }

    /** The same tasks under another provenance. */
    public SpattenWorkload withProvenance(SpattenProvenance newProvenance) {
        return new SpattenWorkload(Objects.requireNonNull(newProvenance, "provenance"), size, ints, reals);
    }

    /** Number of tasks (data rows). */
    public int size() {
        return size;
    }

    /** Task {@code i} in file order, as a record. */
    public SpattenTask task(int i) {
        Objects.checkIndex(i, size);
        return new SpattenTask(iteration(i), layer(i), head(i), headDim(i), sentenceLength(i), keyFetchNum(i),
                quantKeyBit(i), quantQueryBit(i), autoRequantThreshold(i), requant(i), autoRequantIncrement(i),
                valueFetchNum(i), quantValueBit(i), accumulateImportance(i), rescalePreviousImportance(i), topK(i),
                topKCount(i));
    }

    /** All tasks in file order, as an unmodifiable list view (records are made on access). */
    public List<SpattenTask> tasks() {
        return new TaskList();
    }

    public int iteration(int i) {
        return col(SpattenColumn.ITERATION_ID)[i];
    }

    public int layer(int i) {
        return col(SpattenColumn.LAYER_ID)[i];
    }

    public int head(int i) {
        return col(SpattenColumn.HEAD_ID)[i];
    }

    public int headDim(int i) {
        return col(SpattenColumn.EMBEDDING_LENGTH_D)[i];
    }

    public int sentenceLength(int i) {
        return col(SpattenColumn.SENTENCE_LENGTH_L)[i];
    }

    public int keyFetchNum(int i) {
        return col(SpattenColumn.KEY_FETCH_NUM)[i];
    }

    public int quantKeyBit(int i) {
        return col(SpattenColumn.QUANT_KEY_BIT)[i];
    }

    public int quantQueryBit(int i) {
        return col(SpattenColumn.QUANT_QUERY_BIT)[i];
    }

    public double autoRequantThreshold(int i) {
        Objects.checkIndex(i, size);
        return reals[i];
    }

    public boolean requant(int i) {
        return col(SpattenColumn.IF_REQUANT)[i] != 0;
    }

    public int autoRequantIncrement(int i) {
        return col(SpattenColumn.AUTO_REQUANT_INCRE)[i];
    }

    public int valueFetchNum(int i) {
        return col(SpattenColumn.VALUE_FETCH_NUM)[i];
    }

    public int quantValueBit(int i) {
        return col(SpattenColumn.QUANT_VALUE_BIT)[i];
    }

    public boolean accumulateImportance(int i) {
        return col(SpattenColumn.IF_ACCUMULATE_IMPORTANCE)[i] != 0;
    }

    public boolean rescalePreviousImportance(int i) {
        return col(SpattenColumn.IF_RESCALE_PREVIOUS_IMPORTANCE)[i] != 0;
    }

    public boolean topK(int i) {
        return col(SpattenColumn.IF_TOPK)[i] != 0;
    }

    public int topKCount(int i) {
        return col(SpattenColumn.TOPK)[i];
    }

    /**
     * A copy of one INT or BOOL column (booleans as 0/1), e.g. for writing it as a tensor.
     *
     * @throws IllegalArgumentException for the REAL column ({@link #realColumn()})
     */
    public int[] intColumn(SpattenColumn column) {
        if (column.kind() == SpattenColumn.Kind.REAL) {
            throw new IllegalArgumentException(column.csvName() + " is a real column");
        }
        return ints[column.ordinal()].clone();
    }

    /** A copy of the one REAL column, {@code auto_requant_thres}. */
    public double[] realColumn() {
        return reals.clone();
    }

    /** Counts and means of the whole trace (rows, steps, layers, heads, kept keys, requant share). */
    public SpattenWorkloadSummary summary() {
        return SpattenWorkloadSummary.of(this);
    }

    private int[] col(SpattenColumn c) {
        return ints[c.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpattenWorkload w)) {
            return false;
        }
        return size == w.size && provenance.equals(w.provenance) && Arrays.deepEquals(ints, w.ints)
                && Arrays.equals(reals, w.reals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provenance, size, Arrays.deepHashCode(ints), Arrays.hashCode(reals));
    }

    @Override
    public String toString() {
        return "SpattenWorkload[" + size + " tasks from " + provenance.source() + "]";
    }

    /**
     * Builds a workload from columns (all the same length; booleans as 0/1). Every row is validated as
     * a {@link SpattenTask}; a bad row throws InvalidInputException naming {@code source}, the row and
     * the column.
     */
    public static SpattenWorkload fromColumns(SpattenProvenance provenance, int[][] intColumns, double[] thresholds) {
        Objects.requireNonNull(provenance, "provenance");
        if (intColumns.length != SpattenColumn.count()) {
            throw new IllegalArgumentException("expected " + SpattenColumn.count() + " column slots");
        }
        Builder b = new Builder(provenance);
        int n = thresholds.length;
        for (SpattenColumn c : SpattenColumn.values()) {
            if (c.kind() != SpattenColumn.Kind.REAL && intColumns[c.ordinal()].length != n) {
                throw InvalidInputException.of(provenance.source(), c.csvName(),
                        "has " + intColumns[c.ordinal()].length + " rows",
                        n + " rows like " + SpattenColumn.AUTO_REQUANT_THRES.csvName());
            }
        }
        for (int i = 0; i < n; i++) {
            int r = i;
            SpattenTask t;
            try {
                t = new SpattenTask(v(intColumns, SpattenColumn.ITERATION_ID, r), v(intColumns, SpattenColumn.LAYER_ID, r),
                        v(intColumns, SpattenColumn.HEAD_ID, r), v(intColumns, SpattenColumn.EMBEDDING_LENGTH_D, r),
                        v(intColumns, SpattenColumn.SENTENCE_LENGTH_L, r), v(intColumns, SpattenColumn.KEY_FETCH_NUM, r),
                        v(intColumns, SpattenColumn.QUANT_KEY_BIT, r), v(intColumns, SpattenColumn.QUANT_QUERY_BIT, r),
                        thresholds[r], bool(intColumns, SpattenColumn.IF_REQUANT, r, provenance),
                        v(intColumns, SpattenColumn.AUTO_REQUANT_INCRE, r), v(intColumns, SpattenColumn.VALUE_FETCH_NUM, r),
                        v(intColumns, SpattenColumn.QUANT_VALUE_BIT, r),
                        bool(intColumns, SpattenColumn.IF_ACCUMULATE_IMPORTANCE, r, provenance),
                        bool(intColumns, SpattenColumn.IF_RESCALE_PREVIOUS_IMPORTANCE, r, provenance),
                        bool(intColumns, SpattenColumn.IF_TOPK, r, provenance), v(intColumns, SpattenColumn.TOPK, r));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(
                        provenance.source() + ": row " + r + ": " + e.getMessage(), e);
            }
            b.add(t);
        }
        return b.build();
    }

    private static int v(int[][] cols, SpattenColumn c, int row) {
        return cols[c.ordinal()][row];
    }

    private static boolean bool(int[][] cols, SpattenColumn c, int row, SpattenProvenance p) {
        int x = cols[c.ordinal()][row];
        if (x != 0 && x != 1) {
            throw InvalidInputException.of(p.source(), "row " + row + ": column " + c.csvName(),
                    "bad boolean " + x, "0 or 1");
        }
        return x == 1;
    }

    /** Appends tasks in order; {@link #build()} freezes them. */
    public static final class Builder {
        private final SpattenProvenance provenance;
        private int[][] ints = new int[SpattenColumn.count()][];
        private double[] reals;
        private int size;

        public Builder(SpattenProvenance provenance) {
            this.provenance = Objects.requireNonNull(provenance, "provenance");
            int cap = 64;
            for (SpattenColumn c : SpattenColumn.values()) {
                if (c.kind() != SpattenColumn.Kind.REAL) {
                    ints[c.ordinal()] = new int[cap];
                }
            }
            reals = new double[cap];
        }

        public Builder add(SpattenTask t) {
            if (size == reals.length) {
                int cap = size * 2;
                for (int c = 0; c < ints.length; c++) {
                    if (ints[c] != null) {
                        ints[c] = Arrays.copyOf(ints[c], cap);
                    }
                }
                reals = Arrays.copyOf(reals, cap);
            }
            put(SpattenColumn.ITERATION_ID, t.iteration());
            put(SpattenColumn.LAYER_ID, t.layer());
            put(SpattenColumn.HEAD_ID, t.head());
            put(SpattenColumn.EMBEDDING_LENGTH_D, t.headDim());
            put(SpattenColumn.SENTENCE_LENGTH_L, t.sentenceLength());
            put(SpattenColumn.KEY_FETCH_NUM, t.keyFetchNum());
            put(SpattenColumn.QUANT_KEY_BIT, t.quantKeyBit());
            put(SpattenColumn.QUANT_QUERY_BIT, t.quantQueryBit());
            reals[size] = t.autoRequantThreshold();
            put(SpattenColumn.IF_REQUANT, t.requant() ? 1 : 0);
            put(SpattenColumn.AUTO_REQUANT_INCRE, t.autoRequantIncrement());
            put(SpattenColumn.VALUE_FETCH_NUM, t.valueFetchNum());
            put(SpattenColumn.QUANT_VALUE_BIT, t.quantValueBit());
            put(SpattenColumn.IF_ACCUMULATE_IMPORTANCE, t.accumulateImportance() ? 1 : 0);
            put(SpattenColumn.IF_RESCALE_PREVIOUS_IMPORTANCE, t.rescalePreviousImportance() ? 1 : 0);
            put(SpattenColumn.IF_TOPK, t.topK() ? 1 : 0);
            put(SpattenColumn.TOPK, t.topKCount());
            size++;
            return this;
        }

        private void put(SpattenColumn c, int v) {
            ints[c.ordinal()][size] = v;
        }

        public int size() {
            return size;
        }

        public SpattenWorkload build() {
            return build(provenance);
        }

        /** Freezes the rows under another provenance (e.g. one known only after the last row was read). */
        public SpattenWorkload build(SpattenProvenance finalProvenance) {
            Objects.requireNonNull(finalProvenance, "provenance");
            int[][] frozen = new int[ints.length][];
            for (int c = 0; c < ints.length; c++) {
                if (ints[c] != null) {
                    frozen[c] = Arrays.copyOf(ints[c], size);
                }
            }
            return new SpattenWorkload(finalProvenance, size, frozen, Arrays.copyOf(reals, size));
        }
    }

    private final class TaskList extends AbstractList<SpattenTask> implements RandomAccess {
        @Override
        public SpattenTask get(int index) {
            return task(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}

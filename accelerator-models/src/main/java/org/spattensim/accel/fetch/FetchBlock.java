package org.spattensim.accel.fetch;

/**
 * One burst of reads the fetcher issues for one task: {@code rows} rows of {@code transactionsPerRow}
 * transactions each. Row {@code r} sits at {@code base + rowIndex(r) * stride}; {@code rowIndices} lists
 * the kept rows (cascade token pruning or local value pruning) or is null for rows spread evenly over
 * {@code spanRows}. Workloads that give only counts (SpAtten's released CSVs) pass the release's own index
 * table ({@link ReleaseIndexPattern}).
 */
public final class FetchBlock {
    final int task;
    final MatrixKind kind;
    final long base;
    final int stride;
    final int rows;
    final int transactionsPerRow;
    final int[] rowIndices;
    final int spanRows;
    /** Stream index of the block's first transaction, set when the block joins the fetcher's stream. */
    long firstSequence = -1;
    /** Core cycle the block was handed to the fetcher. */
    long enqueuedAt;
    int retiredTransactions;
    /** Rows fully retired, and transactions retired of the row after them (counted, not divided, per transaction). */
    int rowsRetired;
    int retiredInRow;

    public FetchBlock(int task, MatrixKind kind, long base, int stride, int rows, int transactionBytes,
                      int[] rowIndices, int spanRows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("a fetch block needs at least one row, got " + rows);
        }
        this.task = task;
        this.kind = kind;
        this.base = base;
        this.stride = stride;
        this.rows = rows;
        this.transactionsPerRow = stride / transactionBytes;
        this.rowIndices = rowIndices;
        this.spanRows = Math.max(spanRows, rows);
    }

    public int task() {
        return task;
    }

    public MatrixKind kind() {
        return kind;
    }

    public int rows() {
        return rows;
    }

    public long base() {
        return base;
    }

    public int stride() {
        return stride;
    }

    /** Bytes of one transaction. */
    public int transactionBytes() {
        return stride / transactionsPerRow;
    }

    /** The kept-row index list (null: rows spread evenly over {@link #spanRows()}); do not modify. */
    public int[] rowIndices() {
        return rowIndices;
    }

    public int spanRows() {
        return spanRows;
    }

    public int transactions() {
        return rows * transactionsPerRow;
    }

    public long bytes() {
        return (long) rows * stride;
    }

    /** Row index in memory of the {@code r}-th fetched row. */
    int rowIndex(int r) {
        if (rowIndices != null) {
            // A shared pattern table (ReleaseIndexPattern) may be shorter than a long block: it wraps.
            return rowIndices[r < rowIndices.length ? r : r % rowIndices.length];
        }
        return (int) ((long) r * spanRows / rows);
    }

    /** Address of the first transaction of the {@code r}-th fetched row. */
    long rowAddress(int r) {
        return base + (long) rowIndex(r) * stride;
    }
}

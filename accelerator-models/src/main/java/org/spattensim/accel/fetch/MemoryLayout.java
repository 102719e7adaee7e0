package org.spattensim.accel.fetch;

/**
 * Where each matrix lives in DRAM. Per (matrix, layer, head) a region of {@code maxContext} rows; row
 * {@code r} of a region starts at {@code base + r * stride}. Strides are whole 32 B transactions: a
 * 64-dim key at 8 bit is 64 B (2 transactions), two heads fused at 6 bit are 96 B (3), the 4 LSBs of
 * a key are 32 B (1) [RTL MatrixFetcher.scala]. The LSBs of the keys are a separate region, as the
 * release keeps them at {@code key_requant_base_addr}. Consecutive transactions of a row interleave
 * across channels through the DRAM address mapping (channel bits lowest, 32 B granularity).
 */
public final class MemoryLayout {
    private final int layers;
    private final int heads;
    private final long regionRows;
    private final int transactionBytes;
    private final long regionBytes;

    /**
     * @param maxRowBytes the largest row stride any matrix uses (sets the region size)
     */
    public MemoryLayout(int layers, int heads, int maxContext, int maxRowBytes, int transactionBytes) {
        this.layers = layers;
        this.heads = heads;
        this.regionRows = maxContext;
        this.transactionBytes = transactionBytes;
        long bytes = (long) maxContext * roundUp(maxRowBytes, transactionBytes);
        // Regions start on 8 KiB boundaries so every region begins in a fresh DRAM row of every channel.
        this.regionBytes = roundUp(bytes, 8192);
    }

    public static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Bytes of one row of {@code elements} values at {@code bits} each, rounded up to whole transactions. */
    public int strideBytes(int elements, int bits) {
        return strideBytes(elements, bits, transactionBytes);
    }

    /** Bytes of one row of {@code elements} values at {@code bits} each, rounded up to whole transactions. */
    public static int strideBytes(int elements, int bits, int transactionBytes) {
        return (int) roundUp(((long) elements * bits + 7) / 8, transactionBytes);
    }

    public int transactionBytes() {
        return transactionBytes;
    }

    /** Base address of the region of one matrix of one head in one layer. */
    public long regionBase(MatrixKind kind, int layer, int head) {
        long index = ((long) kind.ordinal() * layers + layer) * heads + head;
        return index * regionBytes;
    }

    public long regionRows() {
        return regionRows;
    }

    /** Total bytes spanned by the Q/K/V regions (must fit the DRAM capacity). */
    public long footprintBytes() {
        return footprintBytes(false);
    }

    /** Total bytes spanned by the regions, with the page-metadata ones when a KV policy reads them. */
    public long footprintBytes(boolean pageMetadata) {
        return (long) (pageMetadata ? MatrixKind.values().length : MatrixKind.DATA_KINDS) * layers * heads * regionBytes;
    }
}

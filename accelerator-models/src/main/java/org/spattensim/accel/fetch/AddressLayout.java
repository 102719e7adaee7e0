package org.spattensim.accel.fetch;

/** Where a task's matrices sit in DRAM (config key {@code memory.layout}). */
public enum AddressLayout {
    /** One region per (matrix, layer, head), {@link MemoryLayout}: what a deployed accelerator would use. */
    REGIONS,
    /**
     * The released RTL testbench's addresses for request {@code id} (the task index) [RTL sim/TestSpAtten.scala
     * nextCSVReq]: keys at {@code 0xAB10000 + 0x10000 x id}, key LSBs at {@code 0xAB20000 + 0x10000 x id}, values
     * at {@code 0xCD10000 + 0x10000 x id}. Regions of long requests overlap their neighbours' (a 921-key fused
     * request spans 88 KiB), so a refetch finds rows the key fetch left open; replaying the release's figures
     * needs the same addresses. Addresses beyond the DRAM capacity wrap, as in Ramulator 2.
     */
    RELEASE_TESTBENCH;

    static final long KEY_BASE = 0xAB10000L;
    static final long KEY_LSB_BASE = 0xAB20000L;
    static final long VALUE_BASE = 0xCD10000L;
    static final long REQUEST_STRIDE = 0x10000L;
    /** Our assumption: the release testbench has no page metadata; it gets a range of its own. */
    static final long PAGE_METADATA_BASE = 0xEF10000L;

    /** Base address of one matrix of request {@code id} in the testbench layout. */
    public static long testbenchBase(MatrixKind kind, int id) {
        long base = switch (kind) {
            case KEY, QUERY -> KEY_BASE;
            case KEY_LSB -> KEY_LSB_BASE;
            case VALUE -> VALUE_BASE;
            case PAGE_METADATA -> PAGE_METADATA_BASE;
        };
        return base + REQUEST_STRIDE * id;
    }
}

package org.spattensim.accel.kvstream;

import java.util.List;
import org.spattensim.accel.NamedAccelerator;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.spatten.functional.AttentionSource;

/**
 * A design that fetches every query, key and value of each group and decides on chip from the data (A3, MNNFast):
 * a baseline of the comparison that needs a Q/K/V trace. {@link #setUp} does what every such run does first.
 */
public abstract class KvStreamAccelerator extends NamedAccelerator {
    protected KvStreamAccelerator(String name, String preset, String description) {
        super(name, preset, description);
    }

    @Override
    public final boolean baseline() {
        return true;
    }

    @Override
    public final boolean decidesFromData() {
        return true;
    }

    /** The trace, its groups, the row size and the engine of one run, checked before any work. */
    public record SetUp(AttentionSource source, List<AttentionGroup> groups, int rowBytes, KvStreamEngine.Shape shape,
                        KvStreamEngine engine) {}

    /**
     * Loads the trace, forms its groups and the fetched shape (every row at {@code dataBits}, chunks of
     * {@code chunkRows}), and refuses a workload the buffers or the DRAM cannot hold.
     */
    protected final SetUp setUp(RunRequest request, MemorySettings memory, double clockGhz, int dataBits,
                                int chunkRows, BufferSettings buffers) {
        AttentionSource src = DataWorkloads.load(request.trace(), name());
        List<AttentionGroup> groups = AttentionGroups.of(src);
        int row = DataWorkloads.rowBytes(src.headDim(), dataBits, memory.transactionBytes());
        KvStreamEngine.Shape shape = new KvStreamEngine.Shape(row, row, row, chunkRows, buffers.keyBufferBytes(),
                buffers.valueBufferBytes());
        KvStreamEngine engine = new KvStreamEngine(memory, clockGhz);
        engine.check(name(), groups, shape, src.layers(), src.queryHeads(), src.sequenceLength());
        return new SetUp(src, groups, row, shape, engine);
    }
}

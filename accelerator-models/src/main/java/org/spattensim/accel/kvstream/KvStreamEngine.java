package org.spattensim.accel.kvstream;

import java.util.List;
import java.util.function.Consumer;
import org.spattensim.accel.fetch.FetchBlock;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.MemoryLayout;
import org.spattensim.accel.fetch.QkvFetcher;
import org.spattensim.common.InvalidInputException;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramSystem;

/**
 * Co-simulates a design that fetches every key and value of each attention group from DRAM, in order, into on-chip
 * key and value buffers, and computes on them as they arrive (A3, MNNFast as SpAtten describes them [KR]). The
 * fetch path is the cycle-level {@link QkvFetcher} on the DRAM model; each group's queries, then its context in
 * chunks of {@link Shape#chunkRows} rows (keys, then values), enter the fetcher in order, a chunk only when the
 * buffers have room for it. When a chunk's data has all arrived the design's {@link Compute} schedules it on its
 * pipelined units and says when the chunk's buffer space is free again.
 */
public final class KvStreamEngine {
    /** The design's datapath as the engine sees it. */
    public interface Compute {
        /**
         * Chunk {@code chunk} (context rows {@code [firstRow, firstRow + rows)}) of group {@code g} has its keys from
         * {@code keysReady}, its values from {@code valuesReady} and the group's queries from {@code queriesReady}
         * (core cycles). Called in group and chunk order.
         *
         * @return the core cycle at which the chunk's key and value buffer space is released
         */
        long chunkReady(AttentionGroup g, int chunk, int firstRow, int rows, long queriesReady, long keysReady,
                        long valuesReady);
    }

    /**
     * What is fetched and how much room there is.
     *
     * @param keyRowBytes      bytes of one key row as fetched
     * @param valueRowBytes    bytes of one value row
     * @param queryRowBytes    bytes of one query row
     * @param chunkRows        context rows per chunk ({@code Integer.MAX_VALUE}: a group's whole context at once)
     * @param keyBufferBytes   on-chip key buffer
     * @param valueBufferBytes on-chip value buffer
     */
    public record Shape(int keyRowBytes, int valueRowBytes, int queryRowBytes, int chunkRows, long keyBufferBytes,
                        long valueBufferBytes) {}

    /** What the fetch path did. */
    public record Result(long cycles, long[] bytesByKind, long transactions, DramSystem dram, long crossbarConflicts,
                         long queueFullStalls, long portFullStalls) {
        public long bytes(MatrixKind k) {
            return bytesByKind[k.ordinal()];
        }
    }

    private final MemorySettings memory;
    private final DramConfig dramConfig;
    private final double clockGhz;

    public KvStreamEngine(MemorySettings memory, double clockGhz) {
        this.memory = memory;
        this.dramConfig = memory.dramConfig();
        this.clockGhz = clockGhz;
    }

    public DramConfig dramConfig() {
        return dramConfig;
    }

    /**
     * Refuses, before the run, a workload whose largest chunk does not fit the buffers or whose K/V/Q regions do
     * not fit the DRAM, naming the parameter.
     */
    public void check(String design, List<AttentionGroup> groups, Shape shape, int layers, int queryHeads,
                      int maxContext) {
        int chunk = Math.min(shape.chunkRows(), maxContext);
        long keys = (long) chunk * shape.keyRowBytes();
        long values = (long) chunk * shape.valueRowBytes();
        if (keys > shape.keyBufferBytes()) {
            throw InvalidInputException.of(design, "buffers.keyBufferBytes", "is " + shape.keyBufferBytes()
                    + " B; a chunk of " + chunk + " keys needs " + keys + " B", "room for one chunk of keys");
        }
        if (values > shape.valueBufferBytes()) {
            throw InvalidInputException.of(design, "buffers.valueBufferBytes", "is " + shape.valueBufferBytes()
                    + " B; a chunk of " + chunk + " values needs " + values + " B", "room for one chunk of values");
        }
        MemoryLayout layout = layout(layers, queryHeads, maxContext, shape);
        if (layout.footprintBytes() > dramConfig.organization().capacityBytes()) {
            throw InvalidInputException.of(design, "memory.channels", "the workload's Q/K/V need "
                    + layout.footprintBytes() + " B but " + memory.channels() + " channels of " + memory.dramPreset()
                    + " hold " + dramConfig.organization().capacityBytes() + " B", "more channels or a shorter trace");
        }
    }

    private MemoryLayout layout(int layers, int queryHeads, int maxContext, Shape s) {
        int maxRow = Math.max(s.queryRowBytes(), Math.max(s.keyRowBytes(), s.valueRowBytes()));
        return new MemoryLayout(layers, queryHeads, maxContext, maxRow, memory.transactionBytes());
    }

    public Result run(List<AttentionGroup> groups, Shape shape, int layers, int queryHeads, int maxContext,
                      Compute compute, Consumer<DramSystem> onDram) {
        DramSystem dram = new DramSystem(dramConfig);
        onDram.accept(dram);
        Simulation sim = new Simulation();
        ClockDomain clocks = ClockDomain.ofMHz(Math.round(clockGhz * 1000),
                Math.round(dramConfig.organization().clockGhz() * 1000));
        Run r = new Run(groups, shape, layout(layers, queryHeads, maxContext, shape), compute, sim);
        QkvFetcher fetcher = new QkvFetcher(dram, sim, clocks, memory.fetcherChannels(), memory.maxPendingPerChannel(), r);
        r.fetcher = fetcher;
        sim.schedule(0, s -> r.pump());
        fetcher.runUntilIdle();
        long[] bytes = new long[MatrixKind.values().length];
        for (MatrixKind k : MatrixKind.values()) {
            bytes[k.ordinal()] = fetcher.bytes(k);
        }
        if (r.dispatched < r.chunkCount) {
            throw new IllegalStateException("K/V stream stopped with " + (r.chunkCount - r.dispatched) + " chunks left");
        }
        return new Result(Math.max(r.lastRelease, sim.now()), bytes, fetcher.transactions(), dram,
                fetcher.crossbarConflicts(), fetcher.queueFullStalls(), fetcher.portFullStalls());
    }

    /** One run's state: which chunk is fetched next, what has arrived, what the buffers hold. */
    private static final class Run implements QkvFetcher.Sink {
        final List<AttentionGroup> groups;
        final Shape shape;
        final MemoryLayout layout;
        final Compute compute;
        final Simulation sim;
        final int transactionBytes;
        QkvFetcher fetcher;
        /** Chunk boundaries: chunkStart[g] is the first chunk index of group g. */
        final int[] chunkStart;
        final int chunkCount;
        final long[] keysDone;
        final long[] valuesDone;
        final long[] queriesDone;
        final boolean[] keysIn;
        final boolean[] valuesIn;
        final boolean[] queriesIn;
        long freeKeyBytes;
        long freeValueBytes;
        int nextGroup;
        int nextChunkOfGroup;
        int dispatched;
        long lastRelease;

        Run(List<AttentionGroup> groups, Shape shape, MemoryLayout layout, Compute compute, Simulation sim) {
            this.groups = groups;
            this.shape = shape;
            this.layout = layout;
            this.compute = compute;
            this.sim = sim;
            this.transactionBytes = layout.transactionBytes();
            chunkStart = new int[groups.size() + 1];
            int c = 0;
            for (int g = 0; g < groups.size(); g++) {
                chunkStart[g] = c;
                c += chunks(groups.get(g));
            }
            chunkStart[groups.size()] = c;
            chunkCount = c;
            keysDone = new long[c];
            valuesDone = new long[c];
            keysIn = new boolean[c];
            valuesIn = new boolean[c];
            queriesDone = new long[groups.size()];
            queriesIn = new boolean[groups.size()];
            freeKeyBytes = shape.keyBufferBytes();
            freeValueBytes = shape.valueBufferBytes();
        }

        int chunks(AttentionGroup g) {
            return (int) ((g.contextLength() + (long) shape.chunkRows() - 1) / shape.chunkRows());
        }

        int rowsOf(AttentionGroup g, int chunk) {
            long first = (long) chunk * shape.chunkRows();
            return (int) Math.min(shape.chunkRows(), g.contextLength() - first);
        }

        /** Hands the fetcher every chunk the buffers have room for, in order. */
        void pump() {
            while (nextGroup < groups.size()) {
                AttentionGroup g = groups.get(nextGroup);
                int chunk = nextChunkOfGroup;
                int rows = rowsOf(g, chunk);
                long keyBytes = (long) rows * shape.keyRowBytes();
                long valueBytes = (long) rows * shape.valueRowBytes();
                if (keyBytes > freeKeyBytes || valueBytes > freeValueBytes) {
                    return;
                }
                freeKeyBytes -= keyBytes;
                freeValueBytes -= valueBytes;
                int id = chunkStart[g.index()] + chunk;
                if (chunk == 0) {
                    fetcher.enqueue(new FetchBlock(g.index(), MatrixKind.QUERY,
                            layout.regionBase(MatrixKind.QUERY, g.layer(), g.head())
                                    + (long) g.firstQuery() * shape.queryRowBytes(),
                            shape.queryRowBytes(), g.queries(), transactionBytes, null, g.queries()));
                }
                long firstRow = (long) chunk * shape.chunkRows();
                fetcher.enqueue(new FetchBlock(id, MatrixKind.KEY, layout.regionBase(MatrixKind.KEY, g.layer(), g.kvHead())
                        + firstRow * shape.keyRowBytes(), shape.keyRowBytes(), rows, transactionBytes, null, rows));
                fetcher.enqueue(new FetchBlock(id, MatrixKind.VALUE, layout.regionBase(MatrixKind.VALUE, g.layer(),
                        g.kvHead()) + firstRow * shape.valueRowBytes(), shape.valueRowBytes(), rows, transactionBytes,
                        null, rows));
                if (++nextChunkOfGroup == chunks(g)) {
                    nextGroup++;
                    nextChunkOfGroup = 0;
                }
            }
        }

        @Override
        public void rowReady(FetchBlock block, int row, long cycle) {
        }

        @Override
        public void blockDone(FetchBlock block, long cycle) {
            switch (block.kind()) {
                case QUERY -> {
                    queriesIn[block.task()] = true;
                    queriesDone[block.task()] = cycle;
                }
                case KEY -> {
                    keysIn[block.task()] = true;
                    keysDone[block.task()] = cycle;
                }
                case VALUE -> {
                    valuesIn[block.task()] = true;
                    valuesDone[block.task()] = cycle;
                }
                default -> throw new IllegalStateException("unexpected block " + block.kind());
            }
            dispatch();
        }

        /** Hands every chunk whose data is in to the datapath, in order. */
        private void dispatch() {
            while (dispatched < chunkCount && keysIn[dispatched] && valuesIn[dispatched]) {
                int g = groupOf(dispatched);
                if (!queriesIn[g]) {
                    return;
                }
                AttentionGroup group = groups.get(g);
                int chunk = dispatched - chunkStart[g];
                int rows = rowsOf(group, chunk);
                long release = compute.chunkReady(group, chunk, chunk * shape.chunkRows(), rows, queriesDone[g],
                        keysDone[dispatched], valuesDone[dispatched]);
                long keyBytes = (long) rows * shape.keyRowBytes();
                long valueBytes = (long) rows * shape.valueRowBytes();
                lastRelease = Math.max(lastRelease, release);
                sim.schedule(Math.max(release, sim.now()), s -> {
                    freeKeyBytes += keyBytes;
                    freeValueBytes += valueBytes;
                    pump();
                });
                dispatched++;
            }
        }

        private int groupOf(int chunkId) {
            int g = java.util.Arrays.binarySearch(chunkStart, chunkId);
            if (g < 0) {
                return -g - 2;
            }
            // Several equal starts cannot happen: every group has at least one chunk.
            return g;
        }
    }
}

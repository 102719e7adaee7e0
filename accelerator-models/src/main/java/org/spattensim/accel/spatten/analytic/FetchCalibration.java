package org.spattensim.accel.spatten.analytic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.spattensim.accel.fetch.FetchBlock;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.QkvFetcher;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramSystem;

/**
 * What the analytic model needs to know about the fetch path, measured on the cycle-level Q/K/V fetcher and
 * DRAM model (not hand-tuned): a sample of the workload's own fetch blocks (query, keys, key LSBs, values of
 * a few task groups spread over the workload, in task order) is enqueued at once and streamed through
 * {@link QkvFetcher} on a fresh {@link DramSystem}, as the pipeline streams them when it is memory-bound.
 *
 * @param bytesPerCycle           sustained fetch bandwidth, bytes per accelerator cycle, from the first row's
 *                                arrival to the last block's completion
 * @param latencyCycles           accelerator cycles from enqueueing the first block to its first row
 * @param activatesPerTransaction DRAM ACT commands per 32 B transaction (row-buffer locality of the pattern)
 * @param refreshesPerMemoryCycle REF commands per DRAM clock cycle
 * @param sampleBytes             bytes the calibration streamed
 */
public record FetchCalibration(double bytesPerCycle, double latencyCycles, double activatesPerTransaction,
                               double refreshesPerMemoryCycle, long sampleBytes) {

    private static final Map<Key, CompletableFuture<FetchCalibration>> CACHE = new ConcurrentHashMap<>();

    /** What a calibration depends on: the DRAM system, the fetcher width, the clock ratio and the sampled blocks. */
    record Key(DramConfig dram, int fetcherChannels, int maxPending, long coreMHz, long memoryMHz,
               List<BlockShape> blocks) {}

    /**
     * The parts of a fetch block that set its addresses ({@code indices} null when rows spread evenly over
     * {@code spanRows}).
     */
    public record BlockShape(MatrixKind kind, long base, int stride, int rows, int transactionBytes, int[] indices,
                             int spanRows) {
        FetchBlock block() {
            return new FetchBlock(0, kind, base, stride, rows, transactionBytes, indices, spanRows);
        }

        /** The shape of a block the pipeline would fetch. */
        static BlockShape of(FetchBlock b) {
            return new BlockShape(b.kind(), b.base(), b.stride(), b.rows(), b.transactionBytes(), b.rowIndices(),
                    b.spanRows());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockShape b && kind == b.kind && base == b.base && stride == b.stride && rows == b.rows
                    && transactionBytes == b.transactionBytes && spanRows == b.spanRows && Arrays.equals(indices, b.indices);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, base, stride, rows, transactionBytes, spanRows) * 31 + Arrays.hashCode(indices);
        }
    }

    /** Cached by DRAM system, fetcher width, clocks and block shapes, so points that share them measure once. */
    public static FetchCalibration of(DramConfig dram, int fetcherChannels, int maxPending, ClockDomain clocks,
                                      List<BlockShape> blocks) {
        List<BlockShape> shapes = List.copyOf(blocks);
        Key key = new Key(dram, fetcherChannels, maxPending, clocks.coreHz() / 1_000_000, clocks.memoryHz() / 1_000_000,
                shapes);
        CompletableFuture<FetchCalibration> mine = new CompletableFuture<>();
        CompletableFuture<FetchCalibration> f = CACHE.putIfAbsent(key, mine);
        if (f == null) {
            try {
                mine.complete(measure(dram, fetcherChannels, maxPending, clocks, shapes));
            } catch (RuntimeException e) {
                CACHE.remove(key);
                mine.completeExceptionally(e);
                throw e;
            }
            f = mine;
        }
        return f.join();
    }

    /** Streams the blocks (all enqueued at cycle 0, in order) through the cycle-level fetcher and DRAM. */
    public static FetchCalibration measure(DramConfig dramConfig, int fetcherChannels, int maxPending,
                                           ClockDomain clocks, List<BlockShape> blocks) {
        if (blocks.isEmpty()) {
            return new FetchCalibration(1, 0, 0, 0, 0);
        }
        DramSystem dram = new DramSystem(dramConfig);
        Simulation sim = new Simulation();
        long[] firstRow = {-1};
        long[] lastDone = {0};
        List<FetchBlock> fresh = new ArrayList<>(blocks.size());
        for (BlockShape b : blocks) {
            fresh.add(b.block());
        }
        QkvFetcher fetcher = new QkvFetcher(dram, sim, clocks, fetcherChannels, maxPending, new QkvFetcher.Sink() {
            @Override
            public void rowReady(FetchBlock block, int row, long cycle) {
                if (firstRow[0] < 0) {
                    firstRow[0] = cycle;
                }
            }

            @Override
            public void blockDone(FetchBlock block, long cycle) {
                lastDone[0] = Math.max(lastDone[0], cycle);
            }
        });
        long bytes = 0;
        for (FetchBlock b : fresh) {
            fetcher.enqueue(b);
            bytes += b.bytes();
        }
        fetcher.runUntilIdle();
        FetchBlock first = fresh.get(0);
        long firstRowBytes = first.bytes() / first.rows();
        long span = Math.max(1, lastDone[0] - firstRow[0]);
        double perCycle = bytes == firstRowBytes ? firstRowBytes : (double) (bytes - firstRowBytes) / span;
        long memCycles = Math.max(1, dram.now());
        return new FetchCalibration(perCycle, Math.max(0, firstRow[0]),
                (double) dram.stats().activates() / Math.max(1, fetcher.transactions()),
                (double) dram.stats().refreshes() / memCycles, bytes);
    }
}

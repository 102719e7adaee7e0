package org.spattensim.accel.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.export.RequestTrace;

/**
 * The fetcher's DRAM port as the release's DPI driver runs it [RTL dpi/DRAMSimDPIDriverRamulator2.cpp,
 * DRAMSimDPIDriver.sv]: at most {@code maxPending} requests between push and the pop of their response, the pop one
 * cycle after the DRAM completes a request and after that cycle's push, so a freed slot takes a new push two cycles
 * after the completion.
 */
class QkvFetcherPortTest {
    private static final int MAX_PENDING = 2;

    @Test
    void aSlotIsReusedTwoCyclesAfterItsCompletion() {
        DramConfig c = DramPresets.load("HBM2_SpAtten").withChannels(1);
        DramSystem dram = new DramSystem(c);
        RequestTrace trace = dram.enableRequestTrace();
        Simulation sim = new Simulation();
        QkvFetcher fetcher = new QkvFetcher(dram, sim, new ClockDomain(1_000_000_000L, 1_000_000_000L), 1,
                MAX_PENDING, new QkvFetcher.Sink() {
                    @Override
                    public void rowReady(FetchBlock block, int row, long cycle) { }

                    @Override
                    public void blockDone(FetchBlock block, long cycle) { }
                });
        Map<Long, Long> done = new HashMap<>();
        dram.setListener((DramListener) (id, write, cycle) -> {
            done.put(id, cycle);
            fetcher.completed(id, write, cycle);
        });
        int rows = 16;
        int tx = c.controller().transactionBytes();
        fetcher.enqueue(new FetchBlock(0, MatrixKind.KEY, 0, 4 * tx, rows, tx, null, rows));
        fetcher.runUntilIdle();

        int n = trace.size();
        assertEquals(rows * 4, n);
        List<Long> completions = new ArrayList<>();
        for (long id = 0; id < n; id++) {
            completions.add(done.get(id));
        }
        int tight = 0;
        for (int i = MAX_PENDING; i < n; i++) {
            // One channel serves its reads in order, so request i takes the slot request i - MAX_PENDING freed.
            long freed = completions.get(i - MAX_PENDING) + 2;
            assertTrue(trace.cycle(i) >= freed, "request " + i + " entered at " + trace.cycle(i) + ", its slot frees at "
                    + freed);
            if (trace.cycle(i) == freed) {
                tight++;
            }
        }
        // The stream is bound by the port: most requests enter exactly when their slot frees.
        assertTrue(tight > (n - MAX_PENDING) / 2, tight + " of " + (n - MAX_PENDING) + " at the freeing cycle");

        // Stalls in cycles, from the pushes alone: request i reaches the port when it enters the stream (cycle i, one
        // per cycle) and the port has pushed request i - 1 (the cycle after), and then waits on the full port (the DRAM
        // queue never refuses here) until its push.
        long expected = 0;
        for (int i = 0; i < n; i++) {
            long reaches = i == 0 ? 0 : Math.max(i, trace.cycle(i - 1) + 1);
            expected += trace.cycle(i) - reaches;
        }
        assertTrue(expected > n, "the port should hold requests back: " + expected);
        assertEquals(expected, fetcher.portFullStalls());
        assertEquals(0, fetcher.queueFullStalls());
    }
}

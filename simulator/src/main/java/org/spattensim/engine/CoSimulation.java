package org.spattensim.engine;

import org.spattensim.memory.dram.DramSystem;

/**
 * The core/DRAM co-simulation loop any accelerator model runs on: the core-clock {@link Simulation} and a
 * {@link DramSystem} advance together until neither has anything left to do. The core events run up to the next
 * DRAM event (converted to core cycles), then the DRAM up to it, and so on; the DRAM is consulted only while its
 * client says it is busy (requests in flight or waiting for queue space), so an idle memory costs nothing.
 */
public final class CoSimulation {
    /** What the loop needs from the model's memory client (its fetcher). */
    public interface MemoryClient {
        /** True while requests are in flight or the client waits for room in a DRAM queue. */
        boolean memoryBusy();

        /** Called after each DRAM advance: a client stalled on the DRAM retries at the current cycle. */
        void dramAdvanced();
    }

    private CoSimulation() {}

    /** Runs both clock domains until neither has an event left. */
    public static void runUntilIdle(Simulation sim, DramSystem dram, ClockDomain clocks, MemoryClient client) {
        while (true) {
            long ts = sim.nextEventCycle();
            long tdMem = client.memoryBusy() ? dram.nextEventCycle() : Long.MAX_VALUE;
            long td = tdMem == Long.MAX_VALUE ? Long.MAX_VALUE : clocks.memoryToCoreCeil(tdMem);
            if (ts == Long.MAX_VALUE && td == Long.MAX_VALUE) {
                return;
            }
            if (ts <= td) {
                sim.runUntil(ts);
            } else {
                sim.runUntil(td);
                dram.advanceTo(tdMem + 1);
                client.dramAdvanced();
            }
        }
    }
}

package org.spattensim.memory.dram.traffic;

import java.util.SplittableRandom;
import org.spattensim.memory.dram.DramStats;
import org.spattensim.memory.dram.DramSystem;

/**
 * Drives a {@link DramSystem} with a synthetic stream: request i is offered at the first cycle after request
 * i-1 was accepted (at most one per cycle) and not before i x the spec's interval; when its queue is full it is retried after the system's next event,
 * so no idle cycle is visited. Deterministic for a given spec.
 */
public final class DramTrafficRunner {
    private DramTrafficRunner() {
    }

    public static DramRunResult run(DramSystem system, TrafficSpec spec) {
        int tx = system.config().controller().transactionBytes();
        long lines = Math.max(1, spec.spaceBytes() / tx);
        SplittableRandom rng = new SplittableRandom(spec.seed());
        long start = system.now();
        long cycle = start;
        for (long i = 0; i < spec.requests(); i++) {
            cycle = Math.max(cycle, start + i * spec.intervalCycles());
            long addr = switch (spec.pattern()) {
                case SEQUENTIAL -> i * tx;
                case STRIDED -> i * spec.strideBytes();
                case RANDOM -> rng.nextLong(lines) * tx;
            };
            boolean write = spec.writeFraction() > 0 && rng.nextDouble() < spec.writeFraction();
            while (!system.enqueue(cycle, addr, write, i)) {
                cycle = Math.max(cycle + 1, system.nextEventCycle() + 1);
            }
            cycle++;
        }
        system.drain();
        return summarize(system, spec.pattern().label(), spec.requests());
    }

    /** Summary of everything the system completed so far. */
    public static DramRunResult summarize(DramSystem system, String pattern, long requests) {
        DramStats s = system.stats();
        long cycles = s.latency().lastCompletionCycle();
        double tck = system.config().organization().tCkNs();
        return new DramRunResult(system.config().name(), pattern, s.latency().count(),
                system.config().units(), cycles, s.peakGbps(), s.bandwidthGbps(cycles),
                s.latency().mean() * tck, s.latency().quantile(0.99) * tck, s.rowHitRate(), s.refreshes(),
                s.activates());
    }
}

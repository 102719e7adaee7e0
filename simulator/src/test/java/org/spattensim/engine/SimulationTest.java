package org.spattensim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.stats.StatsRegistry;

class SimulationTest {

    @Test
    void eventsFireInCycleThenInsertionOrder() {
        Simulation sim = new Simulation();
        List<String> log = new ArrayList<>();
        sim.schedule(5, s -> log.add("b@" + s.now()));
        sim.schedule(3, s -> log.add("a@" + s.now()));
        sim.schedule(5, s -> log.add("c@" + s.now()));
        sim.schedule(0, s -> log.add("z@" + s.now()));
        long end = sim.run();
        assertEquals(List.of("z@0", "a@3", "b@5", "c@5"), log);
        assertEquals(5, end);
        assertEquals(4, sim.eventsProcessed());
        assertTrue(sim.isIdle());
    }

    @Test
    void sameCycleEventScheduledWhileRunningFiresAfterPendingOnes() {
        Simulation sim = new Simulation();
        List<String> log = new ArrayList<>();
        sim.schedule(2, s -> {
            log.add("first");
            s.scheduleAfter(0, t -> log.add("spawned"));
        });
        sim.schedule(2, s -> log.add("second"));
        sim.run();
        assertEquals(List.of("first", "second", "spawned"), log);
    }

    @Test
    void matchesAStableSortOfRandomEvents() {
        // Reference: events sorted by (cycle, insertion index) with a stable sort.
        SplittableRandom rng = new SplittableRandom(42);
        int n = 20_000;
        long[] cyc = new long[n];
        Simulation sim = new Simulation();
        List<Long> fired = new ArrayList<>();
        PayloadEvent record = (s, p) -> {
            assertEquals(cyc[(int) p], s.now());
            fired.add(p);
        };
        for (int i = 0; i < n; i++) {
            cyc[i] = rng.nextLong(0, 500);
            sim.schedule(cyc[i], record, i);
        }
        sim.run();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add((long) i);
        }
        expected.sort((a, b) -> Long.compare(cyc[(int) (long) a], cyc[(int) (long) b]));
        assertEquals(expected, fired);
        assertEquals(n, sim.eventsProcessed());
    }

    @Test
    void skipsEmptyCycles() {
        Simulation sim = new Simulation();
        long[] calls = {0};
        // A self-rescheduling event every million cycles: 10 firings, not 10 million iterations.
        Event tick = new Event() {
            @Override
            public void fire(Simulation s) {
                calls[0]++;
                if (calls[0] < 10) {
                    s.scheduleAfter(1_000_000, this);
                }
            }
        };
        sim.schedule(0, tick);
        assertEquals(9_000_000, sim.run());
        assertEquals(10, sim.eventsProcessed());
    }

    @Test
    void runUntilStopsAtLimitAndAdvancesClock() {
        Simulation sim = new Simulation();
        List<Long> log = new ArrayList<>();
        for (long c : new long[] {1, 10, 20}) {
            sim.schedule(c, s -> log.add(s.now()));
        }
        assertEquals(10, sim.runUntil(10));
        assertEquals(List.of(1L, 10L), log);
        assertEquals(1, sim.pendingEvents());
        assertEquals(20, sim.nextEventCycle());
        assertEquals(15, sim.runUntil(15));
        assertEquals(20, sim.run());
        assertEquals(Long.MAX_VALUE, sim.nextEventCycle());
    }

    @Test
    void stopReturnsAfterCurrentEvent() {
        Simulation sim = new Simulation();
        sim.schedule(1, Simulation::stop);
        sim.schedule(2, s -> { });
        assertEquals(1, sim.run());
        assertTrue(sim.step());
        assertFalse(sim.step());
        assertEquals(2, sim.now());
    }

    @Test
    void rejectsPastCyclesAndNegativeDelays() {
        Simulation sim = new Simulation();
        sim.schedule(10, s -> { });
        sim.run();
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(9, s -> { }));
        assertThrows(IllegalArgumentException.class, () -> sim.scheduleAfter(-1, s -> { }));
        assertThrows(IllegalArgumentException.class, () -> sim.runUntil(5));
    }

    @Test
    void growsBeyondInitialCapacity() {
        Simulation sim = new Simulation();
        long[] sum = {0};
        PayloadEvent add = (s, p) -> sum[0] += p;
        for (int i = 0; i < 5000; i++) {
            sim.schedule(5000 - i, add, i);
        }
        assertEquals(5000, sim.pendingEvents());
        sim.run();
        assertEquals(4999L * 5000 / 2, sum[0]);
    }

    @Test
    void registersStats() {
        Simulation sim = new Simulation();
        StatsRegistry stats = new StatsRegistry();
        sim.registerStats(stats, "engine");
        sim.schedule(7, s -> { });
        sim.run();
        assertEquals(1, stats.counterValue("engine.events"));
        assertEquals(7, stats.counterValue("engine.cycles"));
    }
}

package org.spattensim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spattensim.engine.unit.PipelinedUnit;
import org.spattensim.stats.StatsRegistry;

class DeterminismTest {

    /** A seeded mix of events and unit reservations (one unit feeding another); returns the stats dump. */
    static String scenario(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Simulation sim = new Simulation();
        StatsRegistry stats = new StatsRegistry();
        sim.registerStats(stats, "engine");
        PipelinedUnit unit = new PipelinedUnit("u", 5, 2);
        unit.registerStats(stats);
        PipelinedUnit a = new PipelinedUnit("chain.a", 2, 1);
        PipelinedUnit b = new PipelinedUnit("chain.b", 7, 3);
        a.registerStats(stats);
        b.registerStats(stats);
        long[] hash = {17};
        PayloadEvent arrive = new PayloadEvent() {
            @Override
            public void fire(Simulation s, long payload) {
                long done = unit.issue(s.now());
                long out = b.issue(a.issue(s.now()));
                hash[0] = hash[0] * 31 + done * 7 + out + payload;
                if (payload < 3000) {
                    s.schedule(s.now() + rng.nextLong(0, 6), this, payload + 1);
                }
            }
        };
        for (int i = 0; i < 4; i++) {
            sim.schedule(rng.nextLong(0, 10), arrive, i * 1000L);
        }
        sim.run();
        stats.counter("hash", "1", "order-sensitive hash of completions").set(hash[0]);
        return stats.toCsv();
    }

    @Test
    void sameSeedSameCyclesAcrossRunsAndThreads() throws Exception {
        String reference = scenario(1234);
        assertEquals(reference, scenario(1234));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> scenario(1234)));
            }
            for (Future<String> r : runs) {
                assertEquals(reference, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

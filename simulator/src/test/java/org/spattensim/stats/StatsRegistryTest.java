package org.spattensim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class StatsRegistryTest {

    private static StatsRegistry sample() {
        StatsRegistry r = new StatsRegistry();
        r.counter("spatten.qk.busy_cycles", "cycles", "cycles the Q x K unit was busy").add(12345);
        r.scalar("spatten.qk.utilization", "ratio", "busy, over total cycles").set(0.1 + 0.2);
        r.scalar("dram.energy", "pJ", "energy, with a comma, and \"quotes\"").set(-3.5e-7);
        long[] field = {99};
        r.counterOf("engine.events", "events", "events fired", () -> field[0]);
        r.scalarOf("odd.nan", "ratio", "0/0 ratio", () -> Double.NaN);
        Distribution d = r.distribution("dram.latency", "ns", "read latency");
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            d.record(rng.nextInt(1000) / 7.0);
        }
        r.distribution("empty.dist", "cycles", "never sampled");
        return r;
    }

    @Test
    void csvDumpRoundTripsAndIsSortedByName() {
        StatsRegistry r = sample();
        String csv = r.toCsv();
        assertTrue(csv.startsWith("name,value,unit,description\n"), csv);
        List<StatRow> back = StatsRegistry.readCsv(csv, "stats.csv");
        assertEquals(r.rows(), back);
        assertEquals("dram.energy", back.get(0).name());
        assertEquals(12345L, back.stream().filter(x -> x.name().equals("spatten.qk.busy_cycles")).findFirst().orElseThrow().value());
        assertEquals(csv, sample().toCsv(), "same stats, same bytes");
    }

    @Test
    void jsonDumpRoundTrips() {
        StatsRegistry r = sample();
        String json = r.toJson();
        assertEquals(r.rows(), StatsRegistry.readJson(json, "stats.json"));
        assertEquals(json, sample().toJson());
    }

    @Test
    void distributionOrderStatisticsAreNearestRank() {
        StatsRegistry r = new StatsRegistry();
        Distribution d = r.distribution("x", "cycles", "x");
        for (int v = 100; v >= 1; v--) {
            d.record(v);
        }
        assertEquals(100, d.count());
        assertEquals(50.5, d.mean(), 1e-12);
        assertEquals(50, d.p50());
        assertEquals(99, d.p99());
        assertEquals(100, d.max());
        assertEquals(1, d.min());
        assertEquals(1, d.percentile(0.5));
        d.record(1000);
        assertEquals(100, d.p99());
        long[] h = d.histogram(0, 100, 4);
        assertEquals(24, h[0]);
        assertEquals(27, h[3]); // 75..99, plus 100 and 1000 clamped into the last bin
        assertThrows(IllegalArgumentException.class, () -> d.record(Double.NaN));
    }

    @Test
    void rejectsDuplicateAndMalformedNames() {
        StatsRegistry r = sample();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> r.counter("spatten.qk.busy_cycles", "cycles", "again"));
        assertTrue(e.getMessage().contains("spatten.qk.busy_cycles"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> r.counter("dram.latency.p99", "ns", "clashes with a distribution row"));
        assertThrows(InvalidInputException.class, () -> r.counter("a..b", "x", "y"));
        assertThrows(InvalidInputException.class, () -> r.counter("a b", "x", "y"));
        assertThrows(InvalidInputException.class, () -> r.counter("ok", "", "y"));
        assertThrows(InvalidInputException.class, () -> r.counter("ok", "x", " "));
        assertThrows(InvalidInputException.class, () -> r.get("no.such.stat"));
    }

    @Test
    void lookupByName() {
        StatsRegistry r = sample();
        assertEquals(12345, r.counterValue("spatten.qk.busy_cycles"));
        assertEquals(99.0, r.value("engine.events"));
        assertEquals(0.1 + 0.2, r.value("spatten.qk.utilization"));
        assertEquals(1000, r.distribution("dram.latency").count());
        assertThrows(IllegalStateException.class, () -> ((Counter) r.get("engine.events")).add(1));
    }

    @Test
    void rejectsCorruptDumps() {
        assertThrows(InvalidInputException.class, () -> StatsRegistry.readCsv("a,b\n", "s.csv"));
        assertThrows(InvalidInputException.class,
                () -> StatsRegistry.readCsv("name,value,unit,description\nx,abc,u,d\n", "s.csv"));
        assertThrows(InvalidInputException.class, () -> StatsRegistry.readJson("{\"x\": {\"kind\": \"counter\"}}", "s.json"));
        assertThrows(InvalidInputException.class, () -> StatsRegistry.readJson("[1", "s.json"));
    }
}

package org.spattensim.accel.spatten.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.workload.AttentionTask;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

class SpattenTimingModelTest {
    static final int D = 64;

    static AttentionTask task(int step, int layer, int head, int ctx, int keys, int values, boolean requant) {
        return new AttentionTask(step, layer, head, ctx - 1, ctx, keys, 8, 4, requant, values, 8, false, 0, 0, 0, 0);
    }

    static Workload workload(int layers, int heads, AttentionTask... tasks) {
        Workload.Builder b = new Workload.Builder("test", layers, heads, D, false);
        for (AttentionTask t : tasks) {
            b.add(t);
        }
        return b.build();
    }

    static SpattenConfig config(String preset, String... sets) {
        return SpattenPresets.load(preset, List.of(sets));
    }

    @Test
    void dramBytesEqualTheClosedForm() {
        Workload w = workload(2, 2,
                task(0, 0, 0, 512, 512, 100, false), task(0, 0, 1, 512, 512, 50, true),
                task(0, 1, 0, 512, 256, 64, false), task(0, 1, 1, 512, 256, 10, true));
        SpattenRun r = new SpattenTimingModel(config("spatten")).run(w);
        // The query comes with the request [RTL io.req.query]: nothing fetches it.
        long keys = (512 + 512 + 256 + 256) * 64L;   // 8-bit keys, 64 B rows
        long lsb = (512 + 256) * 32L;            // 4-bit LSBs of the two requantising tasks
        long values = (100 + 50 + 64 + 10) * 64L;
        assertEquals(keys + lsb + values, r.dramBytesRead());
        assertEquals(lsb, r.stats().counterValue("dram_bytes.key_lsb"));
        assertEquals(2, r.requants());
        assertEquals(r.dramBytesRead() / 32, r.dramTransactions());
    }

    @Test
    void computeBoundQkCostsItsRateAndLatency() {
        // 64 multipliers at D = 64: one score per cycle; 16 HBM2 channels keep the fetch far ahead.
        SpattenConfig c = config("spatten", "compute.qkMultipliers=64", "compute.pvMultipliers=512");
        int n = 4000;
        Workload w = workload(1, 1, task(0, 0, 0, n, n, 8, false));
        SpattenRun r = new SpattenTimingModel(c.withPruning(c.pruning())).run(w);
        SpattenConfig.Latency l = c.latency();
        long lower = n + l.qkPipeline() + l.softmaxPipeline();
        assertTrue(r.totalCycles() >= lower, r.totalCycles() + " < closed-form lower bound " + lower);
        assertTrue(r.totalCycles() <= lower + 400, r.totalCycles() + " far above the Q×K-bound estimate " + lower);
        assertEquals(n, r.stats().counterValue("unit.qk.busy_cycles"));
    }

    @Test
    void aLongFetchReachesTheDramModelsBandwidth() {
        // Plenty of compute and buffer, no limit on requests pending at a DRAM port: the run is bound by DRAM
        // alone. Compare with the DRAM model's own sequential-read throughput on the same configuration.
        SpattenConfig c = config("spatten-1/8", "compute.qkMultipliers=4096", "compute.pvMultipliers=4096",
                "buffers.keyLines=65536", "buffers.valueLines=65536", "memory.maxPendingPerChannel=0");
        int n = 60000;
        Workload w = workload(1, 1, task(0, 0, 0, n, n, 1, false));
        SpattenTimingModel model = new SpattenTimingModel(c);
        SpattenRun r = model.run(w);
        double achieved = r.stats().value("dram.bandwidth_gbps");
        var ref = DramTrafficRunner.run(new DramSystem(model.dramConfig()), TrafficSpec.reads(TrafficPattern.SEQUENTIAL, 200_000));
        double reference = ref.achievedGbps();
        assertTrue(Math.abs(achieved - reference) / reference < 0.05,
                "fetch bandwidth " + achieved + " GB/s vs DRAM model sequential " + reference + " GB/s");
    }

    @Test
    void sameInputsGiveTheSameStatsOnAnyThread() throws Exception {
        Workload w = workload(2, 4,
                task(0, 0, 0, 300, 300, 60, true), task(0, 0, 1, 300, 300, 60, false),
                task(0, 0, 2, 300, 300, 30, false), task(0, 0, 3, 300, 300, 60, true),
                task(0, 1, 0, 300, 120, 24, false), task(0, 1, 1, 300, 120, 24, false),
                task(0, 1, 2, 300, 120, 24, false), task(0, 1, 3, 300, 120, 24, true));
        SpattenTimingModel m = new SpattenTimingModel(config("spatten-1/8"));
        String first = m.run(w).stats().toJson();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> runs = pool.invokeAll(List.of(() -> m.run(w).stats().toJson(),
                    () -> m.run(w).stats().toJson(), () -> m.run(w).stats().toJson()));
            for (Future<String> f : runs) {
                assertEquals(first, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void requantisationCostsItsRefetchAndRecompute() {
        Workload plain = workload(1, 1, task(0, 0, 0, 800, 800, 160, false));
        Workload requant = workload(1, 1, task(0, 0, 0, 800, 800, 160, true));
        SpattenTimingModel m = new SpattenTimingModel(config("spatten-1/8"));
        SpattenRun a = m.run(plain);
        SpattenRun b = m.run(requant);
        assertEquals(800 * 32L, b.dramBytesRead() - a.dramBytesRead());
        assertEquals(2 * a.stats().counterValue("unit.qk.busy_cycles"), b.stats().counterValue("unit.qk.busy_cycles"));
        assertTrue(b.totalCycles() > a.totalCycles() + 800, "recompute of 800 keys at 1 key/cycle must show");
    }

    @Test
    void prunedHeadsFetchNothing() {
        Workload w = workload(1, 2, task(0, 0, 0, 256, 256, 50, false),
                new AttentionTask(0, 0, 1, 255, 256, 0, 8, 4, false, 0, 8, true, 0, 0, 0, 0));
        SpattenRun r = new SpattenTimingModel(config("spatten")).run(w);
        assertEquals(256 * 64L + 50 * 64L, r.dramBytesRead());
    }

    @Test
    void energyIsCountsTimesEnergyPerAction() {
        Workload w = workload(1, 1, task(0, 0, 0, 1000, 1000, 200, false));
        SpattenRun r = new SpattenTimingModel(config("spatten")).run(w);
        double macs = r.stats().counterValue("actions.qk_mac");
        assertEquals(1000 * 64.0, macs);
        double perMac = r.energyByUnit().get("qk") / macs;
        assertEquals(0.495 * 40 / 45, perMac, 1e-12);
        double sum = r.energyByCategory().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(r.energyPj(), sum, 1e-6 * sum);
    }
}

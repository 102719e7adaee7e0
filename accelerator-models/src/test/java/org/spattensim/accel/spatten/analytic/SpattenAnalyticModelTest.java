package org.spattensim.accel.spatten.analytic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.AttentionTask;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

class SpattenAnalyticModelTest {
    static final int D = 64;

    static SpattenConfig config(String preset, String... sets) {
        return SpattenPresets.load(preset, List.of(sets));
    }

    /** Fused heads, a pruned head, LSB refetches, cascade token and head top-k gates, value top-k, a prefill group. */
    static Workload mixed() {
        Workload.Builder b = new Workload.Builder("mixed", 3, 4, D, false);
        b.add(new AttentionTask(0, 0, 0, 299, 300, 300, 6, 4, true, 60, 6, false, 1, 0, 0, 40));
        b.add(new AttentionTask(0, 0, 1, 299, 300, 280, 6, 4, false, 50, 6, false, 2, 0, 0, 35));
        b.add(new AttentionTask(0, 0, 2, 299, 300, 300, 6, 4, false, 70, 6, false, 0, 0, 0, 30));
        b.add(new AttentionTask(0, 0, 3, 299, 300, 0, 6, 4, false, 0, 6, true, 0, 0, 0, 0));
        b.add(new AttentionTask(0, 1, 0, 299, 300, 200, 8, 4, true, 40, 8, false, 0, 25, 9, 20));
        b.add(new AttentionTask(0, 1, 1, 299, 300, 180, 8, 4, false, 30, 8, false, 0, 0, 0, 18));
        b.add(new AttentionTask(0, 2, 0, 10, 64, 64, 8, 4, false, 16, 8, false, 0, 12, 0, 8));
        b.add(new AttentionTask(0, 2, 0, 11, 64, 60, 8, 4, true, 12, 8, false, 0, 0, 0, 8));
        b.add(new AttentionTask(0, 2, 0, 12, 64, 64, 8, 4, false, 20, 8, false, 0, 0, 0, 8));
        return b.build();
    }

    @Test
    void actionCountsAndBytesEqualTheCycleModel() {
        for (String preset : List.of("spatten", "spatten-1/8")) {
            SpattenConfig c = config(preset);
            Workload w = mixed();
            SpattenRun fast = new SpattenAnalyticModel(c).run(w);
            SpattenRun cycle = new SpattenTimingModel(c).run(w);
            assertEquals(cycle.dramBytesRead(), fast.dramBytesRead(), preset);
            assertEquals(cycle.dramTransactions(), fast.dramTransactions(), preset);
            assertEquals(cycle.requants(), fast.requants(), preset);
            for (String k : List.of("key", "key_lsb", "value", "query")) {
                assertEquals(cycle.stats().counterValue("dram_bytes." + k), fast.stats().counterValue("dram_bytes." + k), k);
            }
            for (String a : List.of("qk_mac", "pv_mac", "softmax_element", "topk_comparator_cycle", "sram_byte", "convert_byte")) {
                assertEquals(cycle.stats().counterValue("actions." + a), fast.stats().counterValue("actions." + a), preset + " " + a);
            }
            assertEquals(cycle.energyByCategory().get("logic"), fast.energyByCategory().get("logic"), 1e-6);
            assertEquals(cycle.energyByCategory().get("sram"), fast.energyByCategory().get("sram"), 1e-6);
            assertEquals(cycle.areaMm2(), fast.areaMm2(), 0);
        }
    }

    @Test
    void computeBoundStreamCostsItsRateAndLatencies() {
        // One score per cycle (64 multipliers at D = 64), 16 HBM2 channels far ahead: Q×K sets the time.
        SpattenConfig c = config("spatten", "compute.qkMultipliers=64", "compute.pvMultipliers=512");
        int n = 4000;
        Workload.Builder b = new Workload.Builder("qk", 1, 1, D, false);
        b.add(new AttentionTask(0, 0, 0, n - 1, n, n, 8, 4, false, 8, 8, false, 0, 0, 0, 0));
        SpattenRun fast = new SpattenAnalyticModel(c).run(b.build());
        SpattenRun cycle = new SpattenTimingModel(c).run(b.build());
        assertTrue(fast.totalCycles() >= n, "at least one cycle per score: " + fast.totalCycles());
        assertEquals(cycle.totalCycles(), fast.totalCycles(), 0.02 * cycle.totalCycles(),
                "fast " + fast.totalCycles() + " vs cycle " + cycle.totalCycles());
    }

    @Test
    void sameInputsSameCycles() {
        SpattenConfig c = config("spatten-1/8", "memory.dramPreset=DDR4-3200");
        Workload w = gpt2Steps(1);
        SpattenRun a = new SpattenAnalyticModel(c).run(w);
        SpattenRun b = new SpattenAnalyticModel(c).run(w);
        assertEquals(a.totalCycles(), b.totalCycles());
        assertEquals(a.energyPj(), b.energyPj(), 0);
        FetchCalibration fresh = new SpattenAnalyticModel(c).calibration(w);
        assertEquals(fresh, new SpattenAnalyticModel(c).calibration(w));
    }

    /** The first {@code steps} generation steps of the bundled GPT-2 small workload (144 tasks per step). */
    static Workload gpt2Steps(int steps) {
        SpattenConfig c = config("spatten-1/8");
        Workload all = DecisionDrivenProducer.from(BundledSpattenWorkloads.load("gpt2-small-wikitext2"), c);
        Workload.Builder b = new Workload.Builder(all.source() + " (first " + steps + " steps)", all.layers(), all.heads(),
                all.headDim(), false);
        for (int i = 0; i < all.size() && all.step(i) < steps; i++) {
            b.add(all.task(i));
        }
        return b.build();
    }

    /**
     * Seeded random points of the spatten-1-8 design space (dse module) on two steps of the GPT-2 small workload:
     * the fast model's cycles stay near the cycle-level model's and rank the designs alike. Tolerances are set
     * from measurement (docs/dse.md "Fast fidelity").
     */
    @Test
    void cyclesTrackTheCycleModelOnRandomDesigns() {
        Random r = new Random(11);
        int[] topk = {8, 16, 32, 64};
        int[] lines = {1024, 2048, 4096, 8192};
        String[] dram = {"HBM2_SpAtten", "HBM2", "DDR4-3200"};
        int[] channels = {1, 2, 4};
        double[] clock = {0.5, 1.0};
        Workload w = gpt2Steps(2);
        int points = 6;
        double[] fast = new double[points];
        double[] cycle = new double[points];
        double[] err = new double[points];
        for (int i = 0; i < points; i++) {
            int m = 64 * (1 + r.nextInt(8));
            int l = lines[r.nextInt(lines.length)];
            SpattenConfig c = config("spatten-1/8", "compute.qkMultipliers=" + m, "compute.pvMultipliers=" + m,
                    "topk.parallelism=" + topk[r.nextInt(topk.length)], "buffers.keyLines=" + l, "buffers.valueLines=" + l,
                    "memory.dramPreset=" + dram[r.nextInt(dram.length)], "memory.channels=" + channels[r.nextInt(3)],
                    "compute.clockGhz=" + clock[r.nextInt(2)]);
            fast[i] = new SpattenAnalyticModel(c).run(w).seconds();
            cycle[i] = new SpattenTimingModel(c).run(w).seconds();
            err[i] = Math.abs(fast[i] / cycle[i] - 1);
        }
        double[] sorted = err.clone();
        Arrays.sort(sorted);
        double median = (sorted[points / 2 - 1] + sorted[points / 2]) / 2;
        String msg = "errors " + Arrays.toString(err);
        assertTrue(median < 0.02, "median |error| " + median + "; " + msg);
        assertTrue(sorted[points - 1] < 0.05, "max |error| " + sorted[points - 1] + "; " + msg);
        double rho = new SpearmansCorrelation().correlation(fast, cycle);
        assertTrue(rho > 0.9, "rank correlation " + rho + "; " + msg);
    }
}

package org.spattensim.results.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.spatten.SpattenAccelerator;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.Ablation;
import org.spattensim.results.report.DataTable;

class WinLossExplainerTest {
    private static final SpattenConfig EIGHTH = SpattenPresets.eighth();
    private static final List<Ablation.Step> STEPS = Ablation.run(EIGHTH, "small");
    private static final AcceleratorRun DENSE = SpattenAccelerator.toRun("dense-1/8", STEPS.get(0).run(), "");
    private static final AcceleratorRun PRUNED = SpattenAccelerator.toRun("spatten-1/8", STEPS.get(3).run(), "");

    @Test
    void theBoundingUnitIsTheBusiestAndTheFiguresAreTheRuns() {
        WinLossExplainer x = new WinLossExplainer();
        x.add("small", "spatten-1/8", 64, EIGHTH, DENSE, PRUNED);
        DataTable t = x.table();
        assertEquals(1, t.size());
        assertEquals(DENSE.seconds() / PRUNED.seconds(), t.number(0, "speedup_vs_dense"), 1e-12);
        assertEquals((double) DENSE.dramBytesRead() / PRUNED.dramBytesRead(), t.number(0, "dram_reduction_vs_dense"),
                1e-12);
        double max = PRUNED.dramBytesRead() / (PRUNED.stats().value("dram.peak_gbps") / PRUNED.clockGhz());
        for (String u : WinLossExplainer.UNITS) {
            max = Math.max(max, PRUNED.stats().counterValue("unit." + u + ".busy_cycles"));
        }
        assertEquals(max, t.number(0, "pruned_bound_cycles"), 1e-9);
        assertEquals(PRUNED.stats().counterValue("unit.topk.cascade.busy_cycles")
                + PRUNED.stats().counterValue("unit.topk.value.busy_cycles"), t.number(0, "topk_busy_cycles"), 1e-9);
        String why = x.explanations().get(0, "explanation");
        assertTrue(why.startsWith("spatten-1/8 " + (DENSE.seconds() / PRUNED.seconds() >= 1.05 ? "wins" : "")), why);
        assertTrue(why.contains("bound by " + t.get(0, "pruned_bound_by")), why);
    }

    @Test
    void quantizationSavesTransactionsOnlyWhenARowSpansMoreThanOne() {
        WinLossExplainer x = new WinLossExplainer();
        x.add("wide", "spatten-1/8", 64, EIGHTH, DENSE, PRUNED);
        x.add("narrow", "spatten-1/8", 8, EIGHTH, DENSE, PRUNED);
        DataTable t = x.table();
        // 64 x 12 bits = 96 B = 3 transactions of 32 B; 64 x 6 bits = 48 B -> 2 transactions.
        assertEquals(96, t.number(0, "key_row_bytes_dense"));
        assertEquals(64, t.number(0, "key_row_bytes_quantized"));
        DataTable why = x.explanations();
        assertTrue(why.get(0, "explanation").contains("shrinks a key row from 96 B to 64 B"), why.get(0, "explanation"));
        // 8 x 12 bits = 12 B: one transaction at either width.
        assertEquals(32, t.number(1, "key_row_bytes_dense"));
        assertEquals(32, t.number(1, "key_row_bytes_quantized"));
        assertTrue(why.get(1, "explanation").contains("one 32-B transaction either way"), why.get(1, "explanation"));
    }
}

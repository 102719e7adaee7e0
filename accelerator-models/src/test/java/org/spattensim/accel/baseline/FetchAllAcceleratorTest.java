package org.spattensim.accel.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.AttentionTask;
import org.spattensim.accel.spatten.workload.Workload;

class FetchAllAcceleratorTest {
    /** A small pruned decode workload: 2 layers x 2 heads, context 400, a third of the keys kept. */
    static Workload pruned() {
        Workload.Builder b = new Workload.Builder("test", 2, 2, 64, false);
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 2; h++) {
                b.add(new AttentionTask(0, l, h, 399, 400, 130, 6, 4, h == 0, 26, 6, false, 0, 0, 0, 40));
            }
        }
        return b.build();
    }

    static Workload denseOf(Workload w, int bits) {
        Workload.Builder b = new Workload.Builder("dense", w.layers(), w.heads(), w.headDim(), false);
        for (int i = 0; i < w.size(); i++) {
            int l = w.contextLength(i);
            b.add(new AttentionTask(w.step(i), w.layer(i), w.head(i), w.query(i), l, l, bits, 0, false, l, bits, false, 0, 0, 0, 0));
        }
        return b.build();
    }

    @Test
    void a3AndMnnFastNeverFetchLessThanTheDenseDatapath() {
        SpattenConfig eighth = SpattenPresets.load("spatten-1/8");
        SpattenConfig dense = AblationStep.DENSE.apply(eighth);
        Workload w = pruned();
        SpattenRun denseRun = new SpattenTimingModel(dense).run(denseOf(w, dense.quant().denseBits()));
        SpattenRun spatten = new SpattenTimingModel(eighth).run(w);
        for (String name : List.of("a3", "mnnfast")) {
            SpattenRun r = FetchAllAccelerator.named(name).run(w);
            assertTrue(r.dramBytesRead() >= denseRun.dramBytesRead(),
                    name + " fetched " + r.dramBytesRead() + " B, dense " + denseRun.dramBytesRead() + " B");
            assertTrue(r.dramBytesRead() > spatten.dramBytesRead(), name + " must fetch more than SpAtten");
        }
    }

    @Test
    void computeSharesFollowThePreset() {
        Workload w = pruned();
        FetchAllAccelerator a3 = FetchAllAccelerator.named("a3");
        SpattenRun r = a3.run(w);
        long keys = Math.round(400 * a3.design().keyComputeFraction());
        assertEquals(4 * keys * 64, r.stats().counterValue("actions.qk_mac"));
        long values = Math.round(400 * a3.design().valueComputeFraction());
        assertEquals(4 * values * 64, r.stats().counterValue("actions.pv_mac"));
    }
}

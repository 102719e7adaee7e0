package org.spattensim.results.baseline.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineResult;

/** Tiny shapes and few runs: checks the numerics and the bookkeeping, never the wall-clock time. */
class CpuBaselineTest {

    private static CpuBaseline baseline(int threads) {
        return new CpuBaseline(CpuBaselineConfig.withThreads(threads).withRuns(1, 3));
    }

    @Test
    void everyModeIsCheckedAgainstFloat64BeforeTiming() {
        AttentionShape[] shapes = {
            AttentionShape.prefill(2, 3, 16, 24, false),
            AttentionShape.prefill(2, 4, 8, 20, true),
            new AttentionShape(2, 4, 2, 8, 30, 10, AttentionShape.Mode.PREFILL, true),   // GQA, queries at the end
            AttentionShape.decode(3, 4, 16, 12, 5),
            new AttentionShape(2, 6, 3, 8, 40, 4, AttentionShape.Mode.DECODE, true),
        };
        for (AttentionShape s : shapes) {
            for (int threads : new int[] {1, 3}) {
                CpuMeasurement m = baseline(threads).measure(s);
                assertTrue(m.maxAbsError() <= CpuBaseline.TOLERANCE, s.describe() + " err " + m.maxAbsError());
                assertEquals(3, m.samples().length);
                assertEquals(Math.min(threads, s.queryHeads()), m.threads());
                assertTrue(m.seconds() > 0 && m.gflops() > 0);
            }
        }
    }

    @Test
    void dataCapReusesLayersAndStillChecks() {
        AttentionShape s = AttentionShape.prefill(4, 2, 8, 16, true);
        CpuBaseline b = new CpuBaseline(CpuBaselineConfig.withThreads(2).withRuns(0, 2).withMaxDataBytes(1));
        CpuMeasurement m = b.measure(s);
        assertEquals(1, m.distinctLayers());
        BaselineResult r = b.evaluate(s);
        assertTrue(r.method().contains("data cap"), r.method());
    }

    @Test
    void resultIsMeasuredWithAssumedPowerEnergy() {
        AttentionShape s = AttentionShape.decode(1, 2, 8, 4, 2);
        CpuBaseline b = new CpuBaseline(CpuBaselineConfig.withThreads(2).withRuns(0, 1)
                .withPower(new CpuPower(10.0, "test assumption")));
        BaselineResult r = b.evaluate(s);
        assertTrue(r.measured());
        assertEquals("cpu", r.baseline());
        assertEquals(10.0 * r.latencySeconds(), r.energyJoules(), 1e-15);
        assertEquals("test assumption", r.energySource());
        assertTrue(r.method().contains(b.blasImplementation()), r.method());
        assertEquals(18.0, CpuPower.xeonTdpPerCore(2).watts(), 1e-12);
    }
}

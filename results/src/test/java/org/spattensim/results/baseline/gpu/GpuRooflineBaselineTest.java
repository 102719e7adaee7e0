package org.spattensim.results.baseline.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineResult;

class GpuRooflineBaselineTest {
    /** 100 TFLOP/s FP16, 1000 GB/s, no launch cost: ridge point 100 flop/byte. */
    private static final GpuSpec TOY = new GpuSpec("toy", "toy", 50, 100, 1000, 300, 0, Precision.FP16, Map.of());
    private static final double F = 100e12;
    private static final double BW = 1000e9;

    @Test
    void fusedPrefillCrossesFromBandwidthToComputeBoundAtTheRidge() {
        // non-causal, H = G: flops 4 d H n^2, bytes 2 * (2 H n d) -> intensity = n / b = n / 2 flop/byte;
        // the ridge (100) is crossed at n = 200.
        GpuRooflineBaseline g = new GpuRooflineBaseline(TOY, Precision.FP16, KernelStyle.FUSED);
        int layers = 3;
        int h = 4;
        int d = 64;
        for (int n : new int[] {64, 128, 199}) {
            GpuRooflinePrediction p = g.predict(AttentionShape.prefill(layers, h, d, n, false));
            assertEquals(0, p.computeBoundKernels(), "n=" + n);
            assertEquals(layers * 4.0 * 2 * h * n * d / BW, p.seconds(), 1e-18);
            assertEquals(n / 2.0, p.intensity(), 1e-9);
        }
        for (int n : new int[] {201, 512, 2048}) {
            GpuRooflinePrediction p = g.predict(AttentionShape.prefill(layers, h, d, n, false));
            assertEquals(layers, p.computeBoundKernels(), "n=" + n);
            assertEquals(layers * 4.0 * d * h * (double) n * n / F, p.seconds(), 1e-15);
        }
        assertEquals(100.0, TOY.ridgePoint(Precision.FP16), 1e-9);
    }

    @Test
    void decodeIsBandwidthBoundAndReadsTheGrowingCache() {
        GpuRooflineBaseline g = new GpuRooflineBaseline(TOY, Precision.FP16, KernelStyle.FUSED);
        int layers = 12;
        int h = 12;
        int d = 64;
        int p = 992;
        int steps = 32;
        GpuRooflinePrediction pr = g.predict(AttentionShape.decode(layers, h, d, p, steps));
        double bytes = 0;
        for (int s = 0; s < steps; s++) {
            bytes += 2.0 * (2 * h * d + 2 * h * (p + s + 1) * d);
        }
        bytes *= layers;
        assertEquals(0, pr.computeBoundKernels());
        assertEquals(bytes, pr.bytes(), 1e-6);
        assertEquals(bytes / BW, pr.seconds(), 1e-15);
        assertEquals((long) layers * steps, pr.kernels());
    }

    @Test
    void eagerAddsScoreTrafficKernelsAndLaunches() {
        GpuSpec withLaunch = new GpuSpec("toy", "toy", 50, 100, 1000, 300, 5, Precision.FP16, Map.of());
        GpuRooflineBaseline eager = new GpuRooflineBaseline(withLaunch, Precision.FP16, KernelStyle.EAGER);
        GpuRooflineBaseline fused = new GpuRooflineBaseline(withLaunch, Precision.FP16, KernelStyle.FUSED);
        AttentionShape causal = AttentionShape.prefill(2, 2, 16, 8, true);
        GpuRooflinePrediction e = eager.predict(causal);
        assertEquals(2 * 5, e.kernels());   // matmul, scale, mask, softmax, matmul per layer
        assertEquals(10 * 5e-6, e.launchSeconds(), 1e-15);
        // tiny shape: every kernel is launch-dominated, memory-bound; latency = memory + launches
        assertEquals(e.memorySeconds() + e.launchSeconds(), e.seconds(), 1e-15);
        // score traffic: S written, 3 read+write passes, P read = 8 b H n^2 per layer on top of Q, K, V, O
        double b = 2;
        double qkvo = 2 * (2 * b * 2 * 8 * 16);   // two matmuls each read Q-or-O and K-or-V
        assertEquals(2 * (qkvo + 8 * b * 2 * 64), e.bytes(), 1e-9);
        assertEquals(4L * 2 * 4, eager.predict(AttentionShape.decode(2, 2, 16, 4, 4)).kernels());
        assertEquals(2, fused.predict(causal).kernels());
        assertTrue(e.seconds() > fused.predict(causal).seconds());
    }

    @Test
    void resultIsModelledWithTdpEnergy() {
        GpuSpec h100 = GpuSpecTable.defaults().get("h100");
        BaselineResult r = new GpuRooflineBaseline(h100).evaluate(AttentionShape.decode(12, 12, 64, 992, 32));
        assertEquals(BaselineResult.Kind.MODELLED, r.latencyKind());
        assertEquals(700 * r.latencySeconds(), r.energyJoules(), 1e-12);
        assertEquals("gpu:h100", r.baseline());
        assertTrue(r.energySource().contains("assumed"), r.energySource());
    }
}

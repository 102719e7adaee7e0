package org.spattensim.results.baseline.cpu;

import org.spattensim.results.baseline.AttentionShape;

/**
 * One measurement of the CPU baseline.
 *
 * @param seconds        trimmed mean of the timed runs (one run = every layer, head and decode step)
 * @param samples        the timed runs, in seconds, in the order they ran
 * @param blas           BLAS implementation that ran ({@code BLAS.getInstance().getClass()})
 * @param maxAbsError    largest |float32 kernel - float64 reference| over the checked heads
 * @param distinctLayers layers with their own Q/K/V buffers (fewer than the shape's layers when the
 *                       data cap made later layers reuse them)
 */
public record CpuMeasurement(AttentionShape shape, int threads, String blas, double seconds, double[] samples,
                             double maxAbsError, int distinctLayers) {

    /** Dense flops per second ({@link AttentionShape#denseFlops()} / seconds), in GFLOP/s. */
    public double gflops() {
        return shape.denseFlops() / seconds / 1e9;
    }
}

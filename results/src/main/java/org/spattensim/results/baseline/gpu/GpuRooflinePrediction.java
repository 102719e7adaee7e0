package org.spattensim.results.baseline.gpu;

/**
 * Breakdown of a roofline prediction over the whole shape (all layers and decode steps).
 *
 * @param seconds         predicted latency: sum over kernels of max(compute, memory) plus launches
 * @param computeSeconds  sum over kernels of flops / peak
 * @param memorySeconds   sum over kernels of bytes / bandwidth
 * @param launchSeconds   kernels x launch overhead
 * @param kernels         kernel launches
 * @param flops           floating-point operations executed (matmuls only)
 * @param bytes           DRAM bytes moved
 * @param computeBoundKernels launches whose compute time exceeds their memory time
 */
public record GpuRooflinePrediction(double seconds, double computeSeconds, double memorySeconds, double launchSeconds,
                                    long kernels, double flops, double bytes, long computeBoundKernels) {

    /** Whole-shape arithmetic intensity, FLOP per DRAM byte. */
    public double intensity() {
        return flops / bytes;
    }
}

package org.spattensim.results.baseline.gpu;

import java.util.Map;
import org.spattensim.common.InvalidInputException;

/**
 * Published peak numbers of one GPU, each with its source (see {@code gpu-specs.yaml}).
 *
 * @param id               registry id, e.g. {@code titan-xp}
 * @param fp16Tflops       peak FP16 matmul rate (Tensor Cores where the GPU has them)
 * @param memBandwidthGBs  peak DRAM bandwidth in GB/s (10^9 bytes per second)
 * @param tdpW             board power limit, used as the power for energy (an upper bound)
 * @param launchOverheadUs time added per kernel launch
 * @param sources          source of each field, keyed by its YAML name
 */
public record GpuSpec(String id, String name, double fp32Tflops, double fp16Tflops, double memBandwidthGBs,
                      double tdpW, double launchOverheadUs, Precision defaultPrecision, Map<String, String> sources) {

    public GpuSpec {
        String src = "gpu spec " + id;
        positive(src, "fp32_tflops", fp32Tflops);
        positive(src, "fp16_tflops", fp16Tflops);
        positive(src, "mem_bandwidth_gbs", memBandwidthGBs);
        positive(src, "tdp_w", tdpW);
        if (!(launchOverheadUs >= 0) || Double.isInfinite(launchOverheadUs)) {
            throw InvalidInputException.of(src, "launch_overhead_us", "got " + launchOverheadUs, "a finite number >= 0");
        }
        if (defaultPrecision == null) {
            throw InvalidInputException.of(src, "default_precision", "missing", "fp16 or fp32");
        }
        sources = Map.copyOf(sources == null ? Map.of() : sources);
    }

    private static void positive(String src, String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw InvalidInputException.of(src, field, "got " + v, "a finite positive number");
        }
    }

    /** Peak matmul rate in FLOP/s at this precision. */
    public double peakFlops(Precision p) {
        return (p == Precision.FP16 ? fp16Tflops : fp32Tflops) * 1e12;
    }

    /** Peak DRAM bandwidth in bytes/s. */
    public double bandwidth() {
        return memBandwidthGBs * 1e9;
    }

    public double launchOverheadSeconds() {
        return launchOverheadUs * 1e-6;
    }

    /** Arithmetic intensity (FLOP/byte) above which a kernel is compute-bound: the roofline ridge point. */
    public double ridgePoint(Precision p) {
        return peakFlops(p) / bandwidth();
    }
}

package org.spattensim.results.baseline.gpu;

import java.util.Locale;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.Baseline;
import org.spattensim.results.baseline.BaselineResult;

/**
 * Roofline plus launch-overhead model of dense attention on a named GPU (formulas in docs/baselines.md).
 * Every kernel takes {@code max(flops / peak, bytes / bandwidth) + launch}; a layer is one kernel
 * ({@link KernelStyle#FUSED}) or the eager sequence matmul, scale, [mask], softmax, matmul
 * ({@link KernelStyle#EAGER}); decode runs every layer once per step over the K/V grown so far.
 * Peaks are treated as reachable, so the latency is a lower bound for a real GPU.
 */
public final class GpuRooflineBaseline implements Baseline {
    private final GpuSpec spec;
    private final Precision precision;
    private final KernelStyle style;
    private final String name;

    public GpuRooflineBaseline(GpuSpec spec, Precision precision, KernelStyle style) {
        this.spec = spec;
        this.precision = precision;
        this.style = style;
        this.name = "gpu:" + spec.id() + (style == KernelStyle.EAGER ? ":eager" : "");
    }

    /** The GPU's default precision, fused kernel. */
    public GpuRooflineBaseline(GpuSpec spec) {
        this(spec, spec.defaultPrecision(), KernelStyle.FUSED);
    }

    @Override
    public String name() {
        return name;
    }

    public GpuSpec spec() {
        return spec;
    }

    public Precision precision() {
        return precision;
    }

    public KernelStyle style() {
        return style;
    }

    @Override
    public BaselineResult evaluate(AttentionShape shape) {
        GpuRooflinePrediction p = predict(shape);
        String method = String.format(Locale.ROOT,
                "modelled: roofline + launch overhead, %s, %s %s kernels, peak %.3g TFLOP/s, %.4g GB/s, %.1f us/launch; "
                        + "%d launches, %d compute-bound; compute %.3g s, memory %.3g s, launch %.3g s",
                spec.name(), precision, style.name().toLowerCase(Locale.ROOT), spec.peakFlops(precision) / 1e12,
                spec.memBandwidthGBs(), spec.launchOverheadUs(), p.kernels(), p.computeBoundKernels(),
                p.computeSeconds(), p.memorySeconds(), p.launchSeconds());
        return new BaselineResult(name, p.seconds(), p.seconds() * spec.tdpW(), BaselineResult.Kind.MODELLED, method,
                energySource(spec));
    }

    static String energySource(GpuSpec spec) {
        return String.format(Locale.ROOT, "assumed: board power limit %.0f W x latency (%s); an upper bound, the SpAtten "
                + "paper used measured dynamic power (total - idle)", spec.tdpW(), spec.sources().getOrDefault("tdp_w", "?"));
    }

    /** The model's breakdown for this shape. */
    public GpuRooflinePrediction predict(AttentionShape s) {
        Acc acc = new Acc();
        if (s.mode() == AttentionShape.Mode.PREFILL) {
            long pairs = style == KernelStyle.FUSED ? s.neededPairsPerHead() : s.densePairsPerHead();
            layer(acc, s, s.queries(), s.contextLength(), pairs, s.causal());
            acc.scale(s.layers());
        } else {
            for (int step = 0; step < s.queries(); step++) {
                int keys = s.promptLength() + step + 1;
                layer(acc, s, 1, keys, keys, false);
            }
            acc.scale(s.layers());
        }
        return new GpuRooflinePrediction(acc.seconds, acc.compute, acc.memory, acc.launch, acc.kernels, acc.flops,
                acc.bytes, acc.computeBound);
    }

    /**
     * One layer: {@code nQ} queries per head against {@code nK} keys, {@code pairs} (query, key) pairs
     * computed per head; {@code masked} adds the eager mask kernel.
     */
    private void layer(Acc acc, AttentionShape s, long nQ, long nK, long pairs, boolean masked) {
        double b = precision.bytes();
        double d = s.headDim();
        double h = s.queryHeads();
        double g = s.kvHeads();
        double qBytes = b * h * nQ * d;
        double kvBytes = b * g * nK * d;
        if (style == KernelStyle.FUSED) {
            kernel(acc, 4 * d * h * pairs, 2 * qBytes + 2 * kvBytes);
            return;
        }
        double scores = b * h * pairs;
        kernel(acc, 2 * d * h * pairs, qBytes + kvBytes + scores);   // S = Q K^T, S written
        kernel(acc, 0, 2 * scores);                                  // S / sqrt(d)
        if (masked) {
            kernel(acc, 0, 2 * scores);                              // masked_fill
        }
        kernel(acc, 0, 2 * scores);                                  // softmax
        kernel(acc, 2 * d * h * pairs, scores + kvBytes + qBytes);   // O = P V, O written
    }

    private void kernel(Acc acc, double flops, double bytes) {
        double c = flops / spec.peakFlops(precision);
        double m = bytes / spec.bandwidth();
        double l = spec.launchOverheadSeconds();
        acc.seconds += Math.max(c, m) + l;
        acc.compute += c;
        acc.memory += m;
        acc.launch += l;
        acc.kernels++;
        acc.flops += flops;
        acc.bytes += bytes;
        if (c > m) {
            acc.computeBound++;
        }
    }

    private static final class Acc {
        double seconds;
        double compute;
        double memory;
        double launch;
        long kernels;
        double flops;
        double bytes;
        long computeBound;

        void scale(int layers) {
            seconds *= layers;
            compute *= layers;
            memory *= layers;
            launch *= layers;
            kernels *= layers;
            flops *= layers;
            bytes *= layers;
            computeBound *= layers;
        }
    }
}

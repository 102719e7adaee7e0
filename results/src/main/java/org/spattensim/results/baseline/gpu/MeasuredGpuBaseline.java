package org.spattensim.results.baseline.gpu;

import java.util.Locale;
import java.util.Optional;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.Baseline;
import org.spattensim.results.baseline.BaselineResult;

/**
 * A GPU baseline from measured timings: the fastest measured kernel for exactly the shape asked for.
 * Where the CSV has no row for the shape it answers with the {@code fallback} (normally the GPU's
 * roofline, whose result is marked MODELLED), or, without a fallback, refuses with an input error.
 */
public final class MeasuredGpuBaseline implements Baseline {
    private final String gpu;
    private final MeasuredGpuTimings timings;
    private final GpuSpec spec;
    private final Baseline fallback;

    /**
     * @param spec     the GPU's spec, for the power assumption of the energy (may be null: energy 0 is not
     *                 allowed, so then the result uses no power and reports energy as 0 with that stated)
     * @param fallback answers shapes without a measurement; null to refuse them
     */
    public MeasuredGpuBaseline(String gpu, MeasuredGpuTimings timings, GpuSpec spec, Baseline fallback) {
        this.gpu = gpu;
        this.timings = timings;
        this.spec = spec;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return "gpu:" + gpu;
    }

    @Override
    public BaselineResult evaluate(AttentionShape shape) {
        Optional<MeasuredGpuTiming> t = timings.fastest(gpu, shape);
        if (t.isEmpty()) {
            if (fallback != null) {
                return fallback.evaluate(shape);
            }
            throw InvalidInputException.of("measured GPU timings", name(), "no measurement for " + shape.describe(),
                    "a row with exactly this shape (run tools/gpu_baseline.py with it)");
        }
        MeasuredGpuTiming m = t.get();
        String method = String.format(Locale.ROOT,
                "measured: %s, %s %s, median of %d runs (CUDA events), %s, driver %s, torch %s (%s line %d)",
                m.deviceName(), m.kernel(), m.precision(), m.repeats(), m.date(), m.driver(), m.torchVersion(),
                m.file(), m.line());
        double energy = spec == null ? 0 : m.medianSeconds() * spec.tdpW();
        String energySource = spec == null ? "not modelled: no spec (power) for GPU " + gpu
                : GpuRooflineBaseline.energySource(spec);
        return new BaselineResult(name(), m.medianSeconds(), energy, BaselineResult.Kind.MEASURED, method, energySource);
    }
}

package org.spattensim.results.compare;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.baseline.FetchAllAccelerator;
import org.spattensim.accel.baseline.FetchAllDesign;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineRegistry;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.report.DataTable;

/**
 * Runs a list of named models on one trace and tabulates latency, energy and DRAM bytes. Names:
 * a SpAtten preset or YAML file ({@code spatten}, {@code spatten-1/8}); {@code dense} / {@code dense-1/8}
 * (those datapaths with pruning and quantization off); a fetch-all accelerator preset ({@code a3},
 * {@code mnnfast}); {@code cpu}; {@code gpu:<id>}.
 */
public final class ComparisonRunner {
    private ComparisonRunner() {}

    /** The dense attention shape of a workload, for the CPU and GPU baselines. */
    public static AttentionShape shapeOf(Workload w) {
        int steps = 0;
        int first = Integer.MAX_VALUE;
        for (int i = 0; i < w.size(); i++) {
            steps = Math.max(steps, w.step(i) + 1);
            first = Math.min(first, w.contextLength(i));
        }
        return AttentionShape.decode(w.layers(), w.heads(), w.headDim(), Math.max(1, first - 1), steps);
    }

    public static DataTable run(String trace, List<String> models, BaselineRegistry registry) {
        SpattenConfig full = SpattenPresets.load(SpattenPresets.FULL);
        AttentionShape shape = shapeOf(WorkloadLoader.load(trace, full, AblationStep.DENSE).workload());
        DataTable t = new DataTable("workload", "model", "kind", "method", "latency_s", "energy_j", "dram_bytes", "source");
        for (String m : models) {
            if (m.equals("cpu") || m.startsWith("gpu:")) {
                BaselineResult r = registry.get(m).evaluate(shape);
                t.add(trace, m, m.equals("cpu") ? "cpu" : "gpu", r.measured() ? "measured" : "modelled", r.latencySeconds(),
                        r.energyJoules(), "", r.method());
                continue;
            }
            SpattenRun run = simulate(trace, m);
            t.add(trace, m, "accelerator", "simulated", run.seconds(), run.energyPj() * 1e-12, run.dramBytesRead(),
                    "spatten-sim cycle-level model, " + run.config().name());
        }
        return t;
    }

    static SpattenRun simulate(String trace, String model) {
        if (FetchAllDesign.presets().contains(model)) {
            FetchAllAccelerator a = FetchAllAccelerator.named(model);
            return a.run(WorkloadLoader.load(trace, a.datapath(), AblationStep.DENSE).workload());
        }
        boolean dense = model.equals("dense") || model.startsWith("dense-");
        String preset = model.equals("dense") ? SpattenPresets.FULL : dense ? "spatten-" + model.substring("dense-".length()) : model;
        if (!SpattenPresets.presets().contains(preset) && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(preset))) {
            throw new InvalidInputException("--models: unknown model '" + model + "'; expected a SpAtten preset "
                    + SpattenPresets.presets().names() + ", dense or dense-1/8, " + FetchAllDesign.presets().names()
                    + ", cpu, or gpu:<id>");
        }
        SpattenConfig c = SpattenPresets.load(preset);
        AblationStep step = dense ? AblationStep.DENSE : AblationStep.PROGRESSIVE_QUANTIZATION;
        return new SpattenTimingModel(step.apply(c)).run(WorkloadLoader.load(trace, c, step).workload());
    }

    /** SpAtten designs among the names (rows of the speedup table); the rest are baselines. */
    public static List<String> designs(List<String> models) {
        List<String> out = new ArrayList<>();
        for (String m : models) {
            if (m.startsWith("spatten")) {
                out.add(m);
            }
        }
        return out;
    }
}

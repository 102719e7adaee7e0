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
    /**
     * The dense attention the workload describes, for the CPU and GPU baselines: prefill (several queries of one
     * head in a step) or decode, query and KV heads, head dimension, causal or bidirectional (a prefill whose every
     * query sees the whole sequence), all read from the workload.
     */
    public static AttentionShape shapeOf(Workload w) {
        int steps = 0;
        int first = Integer.MAX_VALUE;
        int last = 0;
        int queriesOfFirstHead = 0;
        boolean bidirectional = true;
        for (int i = 0; i < w.size(); i++) {
            steps = Math.max(steps, w.step(i) + 1);
            first = Math.min(first, w.contextLength(i));
            last = Math.max(last, w.contextLength(i));
            if (w.step(i) == 0 && w.layer(i) == w.layer(0) && w.head(i) == w.head(0)) {
                queriesOfFirstHead++;
            }
        }
        if (queriesOfFirstHead > 1) {
            for (int i = 0; i < w.size() && bidirectional; i++) {
                bidirectional = w.contextLength(i) == last;
            }
            return new AttentionShape(w.layers(), w.heads(), w.kvHeads(), w.headDim(), last, last,
                    AttentionShape.Mode.PREFILL, !bidirectional);
        }
        AttentionShape d = AttentionShape.decode(w.layers(), w.heads(), w.headDim(), Math.max(1, first - 1), steps);
        return new AttentionShape(d.layers(), d.queryHeads(), w.kvHeads(), d.headDim(), d.contextLength(), d.queries(),
                d.mode(), true);
    }

    /** What a comparison produced: a row per model that finished, and the message of each that failed. */
    public record Outcome(DataTable table, java.util.Map<String, String> failures) {}

    /** Compares, throwing at the first model that fails. */
    public static DataTable run(String trace, List<String> models, BaselineRegistry registry) {
        Outcome o = run(trace, models, registry, t -> { }, false);
        return o.table();
    }

    /**
     * Compares model by model; {@code afterEach} sees the table after every finished model (to write it as it
     * goes). Unknown model names are refused before any work. With {@code keepGoing}, a model that fails on this
     * workload (a design that cannot hold it, an internal error) is reported in {@link Outcome#failures()} and the
     * others still run.
     */
    public static Outcome run(String trace, List<String> models, BaselineRegistry registry,
                              java.util.function.Consumer<DataTable> afterEach, boolean keepGoing) {
        for (String m : models) {
            if (!(m.equals("cpu") || m.startsWith("gpu:"))) {
                preset(m);
            } else {
                registry.get(m);
            }
        }
        SpattenConfig full = SpattenPresets.load(SpattenPresets.FULL);
        AttentionShape shape = shapeOf(WorkloadLoader.load(trace, full, AblationStep.DENSE).workload());
        DataTable t = new DataTable("workload", "model", "kind", "method", "latency_s", "energy_j", "dram_bytes", "source");
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        for (String m : models) {
            try {
                if (m.equals("cpu") || m.startsWith("gpu:")) {
                    BaselineResult r = registry.get(m).evaluate(shape);
                    t.add(trace, m, m.equals("cpu") ? "cpu" : "gpu", r.measured() ? "measured" : "modelled",
                            r.latencySeconds(), r.energyJoules(), "", r.method());
                } else {
                    SpattenRun run = simulate(trace, m);
                    t.add(trace, m, "accelerator", "simulated", run.seconds(), run.energyPj() * 1e-12,
                            run.dramBytesRead(), "spatten-sim cycle-level model, " + run.config().name());
                }
            } catch (RuntimeException e) {
                if (!keepGoing) {
                    throw e;
                }
                failures.put(m, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                continue;
            }
            afterEach.accept(t);
        }
        return new Outcome(t, failures);
    }

    /** The SpAtten preset (or YAML file) a model name stands for; refuses unknown names. */
    private static String preset(String model) {
        if (FetchAllDesign.presets().contains(model)) {
            return model;
        }
        boolean dense = model.equals("dense") || model.startsWith("dense-");
        String preset = model.equals("dense") ? SpattenPresets.FULL : dense ? "spatten-" + model.substring("dense-".length()) : model;
        if (!SpattenPresets.presets().contains(preset) && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(preset))) {
            throw new InvalidInputException("--models: unknown model '" + model + "'; expected a SpAtten preset "
                    + SpattenPresets.presets().names() + ", dense or dense-1/8, " + FetchAllDesign.presets().names()
                    + ", cpu, or gpu:<id>");
        }
        return preset;
    }

    static SpattenRun simulate(String trace, String model) {
        if (FetchAllDesign.presets().contains(model)) {
            FetchAllAccelerator a = FetchAllAccelerator.named(model);
            return a.run(WorkloadLoader.load(trace, a.datapath(), AblationStep.DENSE).workload());
        }
        boolean dense = model.equals("dense") || model.startsWith("dense-");
        SpattenConfig c = SpattenPresets.load(preset(model));
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

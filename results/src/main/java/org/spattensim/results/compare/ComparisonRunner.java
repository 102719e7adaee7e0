package org.spattensim.results.compare;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.kvstream.OutputError;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineRegistry;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.report.DataTable;

/**
 * Runs a list of named models on one trace and tabulates latency, energy, DRAM bytes and accuracy cost. Names:
 * any registered accelerator ({@link Accelerators}: {@code spatten}, {@code spatten-1/8}, {@code dense},
 * {@code a3}, {@code mnnfast}, ...) or a SpAtten YAML file; {@code cpu}; {@code gpu:<id>}.
 */
public final class ComparisonRunner {
    private ComparisonRunner() {}

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
        Outcome o = run(trace, models, List.of(), registry, t -> { }, false);
        return o.table();
    }

    /** True for the CPU and GPU baselines (not accelerators). */
    static boolean platform(String m) {
        return m.equals("cpu") || m.startsWith("gpu:");
    }

    /**
     * Compares model by model; {@code afterEach} sees the table after every finished model (to write it as it
     * goes). Accelerators come from the {@link Accelerators} registry, {@code cpu} and {@code gpu:<id>} from the
     * baseline registry; unknown names are refused before any work. {@code overrides} apply to every accelerator
     * (keys a design does not have are refused by that design). With {@code keepGoing}, a model that fails on this
     * workload (a design that cannot hold it, a workload it cannot read) is reported in {@link Outcome#failures()}
     * and the others still run.
     */
    public static Outcome run(String trace, List<String> models, List<String> overrides, BaselineRegistry registry,
                              java.util.function.Consumer<DataTable> afterEach, boolean keepGoing) {
        return run(trace, models, overrides, registry, afterEach, keepGoing, org.spattensim.accel.RunProgress.NONE);
    }

    /** As above, telling {@code progress} each simulated model's tasks done (phase: the model's name). */
    public static Outcome run(String trace, List<String> models, List<String> overrides, BaselineRegistry registry,
                              java.util.function.Consumer<DataTable> afterEach, boolean keepGoing,
                              org.spattensim.accel.RunProgress progress) {
        for (String m : models) {
            if (platform(m)) {
                registry.get(m);
            } else {
                Accelerators.get(m);
            }
        }
        SpattenConfig full = SpattenPresets.load(SpattenPresets.FULL);
        AttentionShape shape = shapeOf(WorkloadLoader.load(trace, full, AblationStep.DENSE).workload());
        DataTable t = new DataTable("workload", "model", "kind", "method", "latency_s", "energy_j", "dram_bytes",
                "quality_output_rel_l2", "source");
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        for (String m : models) {
            try {
                if (platform(m)) {
                    BaselineResult r = registry.get(m).evaluate(shape);
                    t.add(trace, m, m.equals("cpu") ? "cpu" : "gpu", r.measured() ? "measured" : "modelled",
                            r.latencySeconds(), r.energyJoules(), "", "", r.method());
                } else {
                    AcceleratorRun run = Accelerators.get(m).run(RunRequest.of(trace, overrides)
                            .withProgress((phase, done, total) -> progress.update(m, done, total)));
                    t.add(trace, m, "accelerator", "simulated", run.seconds(), run.energyPj() * 1e-12,
                            run.dramBytesRead(), run.stats().contains(OutputError.STAT)
                                    ? run.stats().value(OutputError.STAT) : "", run.method());
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

    /** The designs under study among the names (rows of the speedup table); the rest are baselines. */
    public static List<String> designs(List<String> models) {
        List<String> out = new ArrayList<>();
        for (String m : models) {
            if (!platform(m) && !Accelerators.get(m).baseline()) {
                out.add(m);
            }
        }
        return out;
    }
}

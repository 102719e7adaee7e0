package org.spattensim.dse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.kvstream.OutputError;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;

/**
 * Any registered accelerator ({@link Accelerators}) as an explorer model: {@code model.name} is the registry name,
 * a point's values and {@code model.set} are that design's {@code --set} overrides, and the metrics come from its
 * generic {@link AcceleratorRun}: {@code cycles}, {@code seconds}, {@code energyJ}, {@code areaMm2}, {@code powerW},
 * {@code dramBytes}, {@code dramTransactions}, {@code energyLogicJ}, {@code energySramJ}, {@code energyDramJ} and
 * {@code outputError} (the accuracy cost on the trace's data). A new design is explorable as soon as it is
 * registered. (Model {@code spatten} keeps its own evaluator, with quality on the real model and a fast fidelity.)
 */
public final class AcceleratorEvaluator implements Evaluator {
    public static final List<String> METRICS = List.of("cycles", "seconds", "energyJ", "areaMm2", "powerW", "dramBytes",
            "dramTransactions", "energyLogicJ", "energySramJ", "energyDramJ", "outputError");

    private final DesignSpace space;
    private final AcceleratorModel model;
    private final String workload;

    public AcceleratorEvaluator(EvaluationContext ctx) {
        this.space = ctx.space();
        this.model = Accelerators.get(space.model().name());
        if (ctx.workload().isEmpty() && model.decidesFromData()) {
            throw InvalidInputException.of("design space " + space.name(), "--trace", "not given; model "
                    + model.name() + " decides from Q/K/V data", "a Q/K/V trace (./spatten synth or ./spatten record)");
        }
        this.workload = ctx.workload().isEmpty() ? SpattenEvaluator.DEFAULT_WORKLOAD : ctx.workload();
        if (!org.spattensim.trace.spatten.BundledSpattenWorkloads.names().contains(workload)) {
            org.spattensim.common.InputFiles.requireRegular(java.nio.file.Path.of(workload),
                    "a Q/K/V trace or a SpAtten workload CSV (--trace)");
        }
        for (String m : space.requiredMetrics()) {
            if (!METRICS.contains(m)) {
                throw InvalidInputException.of("design space " + space.name(), "objectives/constraints",
                        "metric '" + m + "' is not reported by model " + model.name(), "one of " + METRICS);
            }
        }
    }

    @Override
    public Map<String, Double> evaluate(DesignPoint point) {
        AcceleratorRun r = model.run(RunRequest.of(workload, space.overrides(point)));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cycles", (double) r.cycles());
        m.put("seconds", r.seconds());
        m.put("energyJ", r.energyPj() * 1e-12);
        m.put("areaMm2", r.areaMm2());
        m.put("powerW", r.powerW());
        m.put("dramBytes", (double) r.dramBytesRead());
        m.put("dramTransactions", (double) r.dramTransactions());
        m.put("energyLogicJ", r.energyByCategory().get("logic") * 1e-12);
        m.put("energySramJ", r.energyByCategory().get("sram") * 1e-12);
        m.put("energyDramJ", r.energyByCategory().get("dram") * 1e-12);
        m.put("outputError", r.stats().contains(OutputError.STAT) ? r.stats().value(OutputError.STAT) : Double.NaN);
        return m;
    }
}

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
 * generic {@link AcceleratorRun}: {@code cycles}, {@code seconds}, {@code energy_j}, {@code area_mm2}, {@code power_w},
 * {@code dram_bytes}, {@code dram_transactions}, {@code energy_logic_j}, {@code energy_sram_j}, {@code energy_dram_j} and
 * {@code output_error} (the accuracy cost on the trace's data). A new design is explorable as soon as it is
 * registered. (Model {@code spatten} keeps its own evaluator, with quality on the real model and a fast fidelity.)
 */
public final class AcceleratorEvaluator implements Evaluator {
    public static final List<String> METRICS = List.of("cycles", "seconds", "energy_j", "area_mm2", "power_w", "dram_bytes",
            "dram_transactions", "energy_logic_j", "energy_sram_j", "energy_dram_j", "output_error");

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
        m.put("energy_j", r.energyPj() * 1e-12);
        m.put("area_mm2", r.areaMm2());
        m.put("power_w", r.powerW());
        m.put("dram_bytes", (double) r.dramBytesRead());
        m.put("dram_transactions", (double) r.dramTransactions());
        m.put("energy_logic_j", r.energyByCategory().get("logic") * 1e-12);
        m.put("energy_sram_j", r.energyByCategory().get("sram") * 1e-12);
        m.put("energy_dram_j", r.energyByCategory().get("dram") * 1e-12);
        m.put("output_error", r.stats().contains(OutputError.STAT) ? r.stats().value(OutputError.STAT) : Double.NaN);
        return m;
    }
}

package org.spattensim.accel.spatten;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.accel.NamedAccelerator;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.spatten.pipeline.FetchPolicy;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.config.Presets;

/**
 * A SpAtten parameter set (a preset or a YAML file) at one {@link AblationStep} behind the accelerator seam:
 * {@code spatten} and {@code spatten-1/8} run every technique; {@code dense} and {@code dense-1/8} are the same
 * datapaths with pruning and quantization off (the baselines of the paper's breakdown).
 */
public final class SpattenAccelerator extends NamedAccelerator {
    private final AblationStep step;

    public SpattenAccelerator(String name, String preset, AblationStep step, String description) {
        super(name, preset, description);
        this.step = step;
    }

    @Override
    public boolean baseline() {
        return step == AblationStep.DENSE;
    }

    public AblationStep step() {
        return step;
    }

    @Override
    public AcceleratorRun run(RunRequest request) {
        WorkloadLoader.refuseIgnored(request.trace(), request.overrides());
        Presets.Loaded<SpattenConfig> cfg = SpattenPresets.loadWithTree(preset(), request.overrides());
        WorkloadLoader.Loaded w = WorkloadLoader.load(request.trace(), cfg.value(), step);
        SpattenRun run = new SpattenTimingModel(step.apply(cfg.value())).run(w.workload(), FetchPolicy.KEPT_ONLY,
                request.onDram(), request.progress());
        registerQuality(run.stats(), w);
        return toRun(name(), run, "# effective configuration of " + cfg.source()
                + (step == AblationStep.DENSE ? " (run with pruning and quantization off)" : "") + "\n" + cfg.toYaml());
    }

    /**
     * Registers the accuracy cost of a data-driven workload (a Q/K/V trace: the functional model's output error
     * per layer, averaged); a SpAtten CSV carries no data, so nothing is registered.
     */
    public static void registerQuality(org.spattensim.stats.StatsRegistry stats, WorkloadLoader.Loaded w) {
        if (w.functional() != null && !w.functional().layerErrors().isEmpty()) {
            double sum = 0;
            for (var e : w.functional().layerErrors()) {
                sum += e.relativeL2();
            }
            org.spattensim.accel.kvstream.OutputError.register(stats, sum / w.functional().layerErrors().size());
        }
    }

    /** The generic view of a SpAtten run. */
    public static AcceleratorRun toRun(String model, SpattenRun r, String configYaml) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (MatrixKind k : MatrixKind.values()) {
            String key = k.name().toLowerCase();
            bytes.put(key, r.stats().counterValue("dram_bytes." + key));
        }
        long macs = r.stats().counterValue("actions.qk_mac") + r.stats().counterValue("actions.pv_mac");
        return new AcceleratorRun(model, r.config().name(), r.workload(), r.totalCycles(), r.config().compute().clockGhz(),
                r.seconds(), r.dramBytesRead(), r.dramTransactions(), bytes, r.energyPj(), r.energyByCategory(),
                r.energyByUnit(), r.areaMm2(), r.areaByUnit(), macs, r.stats(), configYaml,
                "spatten-sim cycle-level model, " + r.config().name());
    }
}

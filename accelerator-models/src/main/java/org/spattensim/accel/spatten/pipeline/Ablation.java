package org.spattensim.accel.spatten.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.workload.WorkloadLoader;

/**
 * The paper's speedup breakdown [KR] (spatten-facts §10.3): the same hardware simulated four times with
 * techniques switched on one after another ({@link AblationStep}).
 */
public final class Ablation {
    /** One step's simulated result. */
    public record Step(AblationStep step, String label, SpattenRun run) {}

    private Ablation() {}

    public static final List<String> LABELS = List.of("dense datapath", "+pruning (general top-k)", "+fast top-k engine",
            "+progressive quantization");

    public static List<Step> run(SpattenConfig config, String trace) {
        return run(config, trace, org.spattensim.accel.RunProgress.NONE);
    }

    /** As {@link #run(SpattenConfig, String)}, telling {@code progress} each step's tasks done (phase: its label). */
    public static List<Step> run(SpattenConfig config, String trace, org.spattensim.accel.RunProgress progress) {
        List<Step> out = new ArrayList<>();
        for (AblationStep step : AblationStep.values()) {
            SpattenConfig c = step.apply(config);
            WorkloadLoader.Loaded w = WorkloadLoader.load(trace, config, step);
            String label = LABELS.get(step.ordinal());
            SpattenRun r = new SpattenTimingModel(c).run(w.workload(), FetchPolicy.KEPT_ONLY, d -> { },
                    (phase, done, total) -> progress.update(label, done, total));
            org.spattensim.accel.spatten.SpattenAccelerator.registerQuality(r.stats(), w);
            out.add(new Step(step, LABELS.get(step.ordinal()), r));
        }
        return out;
    }
}

package org.spattensim.accel.baseline;

import java.util.List;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.FetchPolicy;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.AttentionTask;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * Simulates a {@link FetchAllDesign} on the SpAtten pipeline and DRAM model with
 * {@link FetchPolicy#ALL_THEN_DECIDE}: every task fetches its whole context at {@code dataBits}, then
 * computes its kept share. Decisions of the workload (SpAtten's kept counts) are ignored: these designs
 * do not cascade-prune, so they see the full context of every task.
 */
public final class FetchAllAccelerator {
    private final FetchAllDesign design;
    private final SpattenConfig datapath;

    public FetchAllAccelerator(FetchAllDesign design) {
        this.design = design;
        this.datapath = SpattenPresets.load(design.datapath(), List.of("pruning.tokenPruning=false",
                "pruning.headPruning=false", "pruning.valuePruning=false", "quant.enabled=false", "quant.progressive=false"));
    }

    public static FetchAllAccelerator named(String name) {
        return new FetchAllAccelerator(FetchAllDesign.presets().load(name).value());
    }

    public FetchAllDesign design() {
        return design;
    }

    public SpattenConfig datapath() {
        return datapath;
    }

    public SpattenRun run(Workload workload) {
        return new SpattenTimingModel(datapath).run(transform(workload), FetchPolicy.ALL_THEN_DECIDE);
    }

    /** The same tasks with this design's compute shares, full-context fetch and no SpAtten-specific work. */
    Workload transform(Workload w) {
        Workload.Builder b = new Workload.Builder(w.source() + " [" + design.name() + "]", w.layers(), w.heads(), w.headDim(), false);
        for (int i = 0; i < w.size(); i++) {
            int l = w.contextLength(i);
            int keys = (int) Math.max(1, Math.round(l * design.keyComputeFraction()));
            int values = (int) Math.max(1, Math.min(keys, Math.round(l * design.valueComputeFraction())));
            b.add(new AttentionTask(w.step(i), w.layer(i), w.head(i), w.query(i), l, keys, design.dataBits(), 0, false,
                    values, design.dataBits(), false, 0, 0, 0, 0));
        }
        return b.build();
    }
}

package org.spattensim.accel.spatten.functional;

import java.util.List;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * What a data-driven run produced: the workload for the timing model and the per-layer output error.
 *
 * @param workload    tasks with the decisions computed from the data
 * @param layerErrors one entry per layer (empty when the reference was not computed)
 */
public record FunctionalResult(Workload workload, List<LayerError> layerErrors) {
    public FunctionalResult {
        layerErrors = List.copyOf(layerErrors);
    }

    /** Largest per-layer relative L2 error. */
    public double maxRelativeError() {
        return layerErrors.stream().mapToDouble(LayerError::relativeL2).max().orElse(0);
    }
}

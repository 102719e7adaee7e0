package org.spattensim.dse;

import java.io.Serializable;
import org.spattensim.dse.space.DesignSpace;

/**
 * Everything an evaluator is built from: the design space (its model, base preset and parameter keys) and
 * the workload (a trace file or a bundled workload name) with its identity hash. Serializable, so cluster
 * workers build the same evaluator (once per context, see {@link Evaluators#shared}).
 *
 * @param space        the design space
 * @param workload     trace file path or bundled workload name ("" when the model needs none)
 * @param workloadHash identity of the workload's content (SHA-256 of the file, or of the bundled resource)
 */
public record EvaluationContext(DesignSpace space, String workload, String workloadHash) implements Serializable {
    public EvaluationContext {
        workload = workload == null ? "" : workload;
        workloadHash = workloadHash == null ? "" : workloadHash;
    }

    /** Identity of the context: space hash, workload and its hash. */
    public String identity() {
        return space.hash() + "|" + workload + "|" + workloadHash;
    }
}

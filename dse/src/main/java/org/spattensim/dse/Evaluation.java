package org.spattensim.dse;

import java.util.Map;
import org.spattensim.dse.space.DesignPoint;

/**
 * One evaluated design point.
 *
 * @param point      the point
 * @param metrics    everything the evaluator reported (empty when it failed)
 * @param objectives objective values in the space's order, natural units (NaN when it failed)
 * @param violation  0 when all constraints hold, else the summed relative excess (+inf when it failed)
 * @param error      why the point is not a valid design, or null
 * @param seconds    wall time the evaluation took (0 for points read from the store)
 */
public record Evaluation(DesignPoint point, Map<String, Double> metrics, double[] objectives, double violation,
                         String error, double seconds) {
    public Evaluation {
        metrics = Map.copyOf(metrics);
    }

    public boolean feasible() {
        return error == null && violation == 0;
    }
}

package org.spattensim.dse;

import java.io.Serializable;
import java.util.Map;
import org.spattensim.dse.space.DesignPoint;

/**
 * What an evaluator returned for one point, before the space turns it into objectives (Serializable: it
 * travels back from cluster workers).
 *
 * @param point   the point
 * @param metrics the metrics, or empty when {@code error != null}
 * @param error   message of the InvalidInputException that made the point invalid, or null
 * @param seconds evaluation wall time
 */
public record Measurement(DesignPoint point, Map<String, Double> metrics, String error, double seconds)
        implements Serializable {
    public Measurement {
        metrics = Map.copyOf(metrics);
    }

    /** Runs the evaluator on one point, turning InvalidInputException into an invalid measurement. */
    public static Measurement of(Evaluator evaluator, DesignPoint point) {
        long t0 = System.nanoTime();
        try {
            String invalid = evaluator.invalidReason(point);
            if (invalid != null) {
                return new Measurement(point, Map.of(), invalid, (System.nanoTime() - t0) * 1e-9);
            }
            Map<String, Double> m = evaluator.evaluate(point);
            return new Measurement(point, m, null, (System.nanoTime() - t0) * 1e-9);
        } catch (org.spattensim.common.InvalidInputException e) {
            return new Measurement(point, Map.of(), e.getMessage(), (System.nanoTime() - t0) * 1e-9);
        }
    }
}

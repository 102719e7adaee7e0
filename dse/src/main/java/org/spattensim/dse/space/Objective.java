package org.spattensim.dse.space;

import java.io.Serializable;
import org.spattensim.common.InvalidInputException;

/**
 * An objective: a metric the evaluator reports, minimised or maximised. {@code weight} is its exponent in
 * the single-objective GA's scalar {@code prod(value^weight)} (e.g. energy x delay x area with all weights 1).
 *
 * @param metric    metric name as the evaluator reports it (e.g. {@code cycles}, {@code energy_j}, {@code area_mm2})
 * @param direction minimize or maximize
 * @param weight    exponent in the GA's product scalarisation, >= 0
 */
public record Objective(String metric, Direction direction, double weight) implements Serializable {
    public enum Direction { MINIMIZE, MAXIMIZE }

    public Objective {
        if (metric == null || metric.isBlank()) {
            throw InvalidInputException.of("design space", "objectives.metric", "is empty", "a metric name");
        }
        if (direction == null) {
            direction = Direction.MINIMIZE;
        }
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw InvalidInputException.of("design space", "objectives." + metric + ".weight", "bad value " + weight,
                    "a finite weight >= 0");
        }
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE, 1.0);
    }

    /** The value in "smaller is better" orientation. */
    public double toMinimized(double value) {
        return direction == Direction.MINIMIZE ? value : -value;
    }
}

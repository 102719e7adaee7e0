package org.spattensim.dse.space;

import java.io.Serializable;
import org.spattensim.common.InvalidInputException;

/**
 * A bound on a metric: a ceiling ({@code max}: area, power, functional error, quality cost) and/or a floor.
 * A point that breaks it is infeasible; {@link #violation} measures by how much (relative), so searches can
 * prefer the less infeasible.
 *
 * @param metric metric name
 * @param min    lower bound or {@code -inf}
 * @param max    upper bound or {@code +inf}
 */
public record MetricConstraint(String metric, double min, double max) implements Serializable {
    public MetricConstraint {
        if (metric == null || metric.isBlank()) {
            throw InvalidInputException.of("design space", "constraints.metric", "is empty", "a metric name");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max || (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY)) {
            throw InvalidInputException.of("design space", "constraints." + metric, "bad bounds [" + min + ", " + max + "]",
                    "max and/or min with min <= max");
        }
    }

    public static MetricConstraint atMost(String metric, double max) {
        return new MetricConstraint(metric, Double.NEGATIVE_INFINITY, max);
    }

    /** 0 when satisfied, else the excess relative to the bound (absolute when the bound is 0); NaN counts as +inf. */
    public double violation(double value) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        if (value > max) {
            return (value - max) / (max == 0 ? 1 : Math.abs(max));
        }
        if (value < min) {
            return (min - value) / (min == 0 ? 1 : Math.abs(min));
        }
        return 0;
    }
}

package org.spattensim.dse;

import java.util.Map;
import org.spattensim.dse.space.DesignPoint;

/**
 * Evaluates one design point: returns its metrics (the objectives and constraint metrics the space names,
 * plus any key statistics worth storing), e.g. {@code cycles, seconds, energy_j, area_mm2, power_w}.
 * Implementations must be thread-safe and deterministic (same point, same metrics, whatever the thread).
 * A point that is not a valid design throws {@link org.spattensim.common.InvalidInputException}; the
 * explorer records it as infeasible with the message.
 */
@FunctionalInterface
public interface Evaluator {
    Map<String, Double> evaluate(DesignPoint point);

    /** A cheap validity check before evaluating (e.g. the configuration binds): null when valid, else why not. */
    default String invalidReason(DesignPoint point) {
        return null;
    }
}

package org.spattensim.dse;

import java.util.List;
import java.util.Optional;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignSpace;

/**
 * The outcome of one exploration.
 *
 * @param space        the space
 * @param settings     the search settings
 * @param evaluations  every distinct point of the run, in the order the search asked for them
 * @param front        the Pareto front over {@code evaluations} (feasible points only), sorted
 * @param best         the best feasible point by the GA's scalar (weighted product of the objectives)
 * @param evaluatedNow points evaluated in this process run (the rest came from the store)
 * @param fromCache    points served from the store
 * @param seconds      wall time of the run
 * @param confirmation the front re-evaluated by the reference model, when the space's model is a fast one
 */
public record ExplorationResult(DesignSpace space, SearchSettings settings, List<Evaluation> evaluations,
                                List<Evaluation> front, Optional<Evaluation> best, int evaluatedNow, int fromCache,
                                double seconds, Optional<FrontConfirmation> confirmation) {
    public ExplorationResult {
        confirmation = confirmation == null ? Optional.empty() : confirmation;
    }

    /** A result without confirmation. */
    public ExplorationResult(DesignSpace space, SearchSettings settings, List<Evaluation> evaluations,
                             List<Evaluation> front, Optional<Evaluation> best, int evaluatedNow, int fromCache,
                             double seconds) {
        this(space, settings, evaluations, front, best, evaluatedNow, fromCache, seconds, Optional.empty());
    }

    /** This result with its front confirmed. */
    public ExplorationResult withConfirmation(FrontConfirmation c) {
        return new ExplorationResult(space, settings, evaluations, front, best, evaluatedNow, fromCache, seconds,
                Optional.of(c));
    }

    /** Fresh evaluations per second of wall time. */
    public double pointsPerSecond() {
        return seconds > 0 ? evaluatedNow / seconds : 0;
    }
}

package org.spattensim.dse.search;

import org.spattensim.dse.exec.EvaluationService;

/**
 * A search strategy. It asks {@link EvaluationService#evaluate} for points until the budget is spent; its
 * choices depend only on the seed and on the results (never on timing), so a run is reproducible and a
 * resumed run retraces the interrupted one.
 */
public interface Search {
    void run(EvaluationService service, SearchSettings settings);

    /** The search for an algorithm. */
    static Search of(SearchSettings.Algorithm algorithm) {
        return switch (algorithm) {
            case GRID -> new GridSearch();
            case RANDOM -> new RandomSearch();
            case NSGA2 -> new Nsga2Search();
            case GA -> new GeneticSearch();
        };
    }
}

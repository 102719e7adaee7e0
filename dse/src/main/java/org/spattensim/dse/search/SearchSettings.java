package org.spattensim.dse.search;

import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Default;

/**
 * How to search. Stored with the results (as YAML) so {@code --resume} replays the same search.
 *
 * @param algorithm      grid, random, nsga2 or ga
 * @param budget         distinct design points to evaluate at most
 * @param seed           seed of every random choice (same seed, same points, same front)
 * @param populationSize population of the genetic searches
 * @param gridLevels     values a grid takes on a continuous real parameter
 */
public record SearchSettings(Algorithm algorithm, int budget, @Default("1") long seed, @Default("40") int populationSize,
                             @Default("5") int gridLevels) {
    public enum Algorithm { GRID, RANDOM, NSGA2, GA }

    public SearchSettings {
        if (algorithm == null) {
            throw InvalidInputException.of("search settings", "algorithm", "missing", "grid, random, nsga2 or ga");
        }
        // Named as the user typed them (the CLI option) and as the stored search.yaml names them.
        if (budget < 1 || budget > 10_000_000) {
            throw InvalidInputException.of("search settings", "--budget (budget)", "bad value " + budget,
                    "an integer 1 to 10,000,000");
        }
        if (populationSize < 2 || populationSize > 100_000) {
            throw InvalidInputException.of("search settings", "--population (populationSize)",
                    "bad value " + populationSize, "an integer 2 to 100,000");
        }
        if (gridLevels < 1 || gridLevels > 1000) {
            throw InvalidInputException.of("search settings", "--grid-levels (gridLevels)", "bad value " + gridLevels,
                    "an integer 1 to 1000");
        }
    }

    public static SearchSettings of(Algorithm algorithm, int budget, long seed) {
        return new SearchSettings(algorithm, budget, seed, 40, 5);
    }

    public SearchSettings withPopulationSize(int n) {
        return new SearchSettings(algorithm, budget, seed, n, gridLevels);
    }

    public SearchSettings withGridLevels(int n) {
        return new SearchSettings(algorithm, budget, seed, populationSize, n);
    }
}

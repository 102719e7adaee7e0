package org.spattensim.dse;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Accelerator models the explorer knows out of the box (filled in as the models land). */
final class BuiltInModels {
    private BuiltInModels() {}

    static List<String> names() {
        return List.of();
    }

    static Function<EvaluationContext, Evaluator> factory(String name) {
        throw new IllegalArgumentException(name);
    }

    static Optional<String> bundledWorkloadHash(String name) {
        return Optional.empty();
    }
}

package org.spattensim.dse;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Accelerator models the explorer knows out of the box (filled in as the models land). */
final class BuiltInModels {
    private BuiltInModels() {}

    static List<String> names() {
        return List.of("spatten-quality");
    }

    static Function<EvaluationContext, Evaluator> factory(String name) {
        return switch (name) {
            case "spatten-quality" -> SpattenEvaluator::new;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Optional<String> bundledWorkloadHash(String name) {
        return Optional.empty();
    }
}

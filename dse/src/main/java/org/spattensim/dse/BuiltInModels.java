package org.spattensim.dse;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Accelerator models the explorer knows out of the box (filled in as the models land). */
final class BuiltInModels {
    private BuiltInModels() {}

    static List<String> names() {
        return List.of("spatten", "spatten-fast", "spatten-quality");
    }

    static Function<EvaluationContext, Evaluator> factory(String name) {
        return switch (name) {
            case "spatten", "spatten-fast", "spatten-quality" -> SpattenEvaluator::new;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** SHA-256 of a bundled SpAtten workload, as its provenance records it. */
    static Optional<String> bundledWorkloadHash(String name) {
        if (org.spattensim.trace.spatten.BundledSpattenWorkloads.names().contains(name)) {
            return Optional.of(org.spattensim.trace.spatten.BundledSpattenWorkloads.byName(name).sha256());
        }
        return Optional.empty();
    }
}

package org.spattensim.accel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Service interface ({@link java.util.ServiceLoader}) through which a design package registers its models:
 * adding a design is its package plus one line in
 * {@code META-INF/services/org.spattensim.accel.AcceleratorProvider}.
 */
public interface AcceleratorProvider {
    /** The named models this package offers. */
    List<AcceleratorModel> models();

    /** A model for a parameter file of this provider's kind (a SpAtten YAML, say), if it is one. */
    default Optional<AcceleratorModel> open(Path parameterFile) {
        return Optional.empty();
    }
}

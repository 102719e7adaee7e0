package org.spattensim.dse.space;

import java.util.HashSet;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * A set of choices (numbers or names such as DRAM presets), in the order written.
 *
 * @param name   name
 * @param keys   configuration keys it sets
 * @param values the choices ({@link Long}, {@link Double} or {@link String}), distinct
 */
public record ChoiceParameter(String name, List<String> keys, List<Object> values) implements DiscreteParameter {
    private static final long serialVersionUID = 1L;

    public ChoiceParameter {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw InvalidInputException.of("design space", "parameters." + name + ".values", "is empty",
                    "at least one choice");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw InvalidInputException.of("design space", "parameters." + name + ".values", "has duplicates " + values,
                    "distinct choices");
        }
        for (Object v : values) {
            if (!(v instanceof Long || v instanceof Double || v instanceof String)) {
                throw InvalidInputException.of("design space", "parameters." + name + ".values", "bad choice " + v,
                        "numbers or strings");
            }
        }
    }
}

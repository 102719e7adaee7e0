package org.spattensim.dse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.space.ChoiceParameter;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Refuses, before any evaluation, a choice value that can never be a design (a DRAM preset {@code HBM9}, say): each
 * value is tried at the space's first point, and a value whose point is invalid for a reason that names one of the
 * keys it sets is refused, naming the parameter, the value and the reason. (A value invalid only together with
 * other values is left to the search, which records such points as infeasible.)
 */
public final class ChoiceCheck {
    private ChoiceCheck() {}

    public static void requireBindable(DesignSpace space, Evaluator evaluator) {
        DesignPoint first = space.decode(new double[space.parameters().size()]);
        for (Parameter p : space.parameters()) {
            if (!(p instanceof ChoiceParameter c)) {
                continue;
            }
            for (Object value : c.values()) {
                Map<String, Object> values = new LinkedHashMap<>(first.values());
                values.put(c.name(), value);
                String why = evaluator.invalidReason(new DesignPoint(values));
                if (why != null && c.keys().stream().anyMatch(why::contains)) {
                    throw InvalidInputException.of("design space " + space.name(), "parameters." + c.name(),
                            "value " + value + " can never be a design: " + why, "values the model accepts");
                }
            }
        }
    }
}

package org.spattensim.dse.space;

import java.util.List;

/** A parameter with a finite, immutable list of values: levels, grid and decoding all come from that list. */
public sealed interface DiscreteParameter extends Parameter permits IntParameter, ChoiceParameter {
    /** The values in level order (immutable). */
    List<?> values();

    @Override
    default int levels() {
        return values().size();
    }

    @Override
    default Object valueAt(int index) {
        return values().get(index);
    }

    @Override
    default Object decode(double u) {
        return values().get(Parameter.levelOf(u, values().size()));
    }

    @Override
    default List<Object> gridValues(int continuousLevels) {
        return List.copyOf(values());
    }
}

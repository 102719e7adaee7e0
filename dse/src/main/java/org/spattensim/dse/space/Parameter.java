package org.spattensim.dse.space;

import java.io.Serializable;
import java.util.List;

/**
 * One named axis of a design space, mapped onto one or more dotted configuration keys of the model
 * (e.g. {@code multipliers -> [compute.qkMultipliers, compute.pvMultipliers]}), so a new axis needs no code.
 * Values are {@link Long} (int parameters), {@link Double} (real) or, for choices, whatever the YAML held
 * ({@link Long}, {@link Double} or {@link String}).
 */
public sealed interface Parameter extends Serializable permits DiscreteParameter, RealParameter {
    String name();

    /** Configuration keys this parameter sets, all to the same value. */
    List<String> keys();

    /** Number of distinct values, or 0 when the parameter is continuous. */
    int levels();

    /** The {@code index}-th value of a discrete parameter (0-based, in increasing order for ranges). */
    Object valueAt(int index);

    /**
     * Maps {@code u} in [0, 1) onto a value: discrete parameters pick level {@code floor(u * levels)},
     * continuous ones interpolate (log-uniformly when the parameter has a log scale).
     */
    Object decode(double u);

    /** The values a grid search visits: every level, or {@code continuousLevels} evenly spaced values. */
    List<Object> gridValues(int continuousLevels);

    /** Index of {@code u}'s level for a discrete parameter. */
    static int levelOf(double u, int levels) {
        int i = (int) Math.floor(u * levels);
        return Math.max(0, Math.min(levels - 1, i));
    }
}

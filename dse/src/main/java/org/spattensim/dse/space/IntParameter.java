package org.spattensim.dse.space;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * An integer range: {@code min, min+step, ..., <= max}, or on a log scale {@code min, min*factor, ... <= max}.
 *
 * @param name   parameter name
 * @param keys   configuration keys it sets
 * @param values the levels, increasing
 */
public record IntParameter(String name, List<String> keys, List<Long> values) implements DiscreteParameter {
    private static final long serialVersionUID = 1L;
    /** More levels than this is surely a typo in a step, and would make a grid unusable. */
    static final int MAX_LEVELS = 1_000_000;

    public IntParameter {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw InvalidInputException.of("design space", "parameters." + name, "has no values", "min <= max");
        }
    }

    /** Linear range {@code min..max} by {@code step}. */
    public static IntParameter linear(String name, List<String> keys, long min, long max, long step) {
        check(name, min, max);
        if (step <= 0) {
            throw InvalidInputException.of("design space", "parameters." + name + ".step", "bad value " + step, "an integer > 0");
        }
        if ((max - min) / step + 1 > MAX_LEVELS) {
            throw InvalidInputException.of("design space", "parameters." + name, "more than " + MAX_LEVELS + " levels",
                    "a larger step");
        }
        List<Long> v = new ArrayList<>();
        for (long x = min; x <= max; x += step) {
            v.add(x);
        }
        return new IntParameter(name, keys, v);
    }

    /** Geometric range {@code min, round(min*factor^i)} up to {@code max}, duplicates removed. */
    public static IntParameter log(String name, List<String> keys, long min, long max, double factor) {
        check(name, min, max);
        if (min <= 0) {
            throw InvalidInputException.of("design space", "parameters." + name + ".min", "bad value " + min,
                    "an integer > 0 on a log scale");
        }
        if (!(factor > 1)) {
            throw InvalidInputException.of("design space", "parameters." + name + ".factor", "bad value " + factor,
                    "a factor > 1 on a log scale");
        }
        List<Long> v = new ArrayList<>();
        for (int i = 0; ; i++) {
            long x = Math.round(min * Math.pow(factor, i));
            if (x > max) {
                break;
            }
            if (v.isEmpty() || v.get(v.size() - 1) != x) {
                v.add(x);
            }
        }
        return new IntParameter(name, keys, v);
    }

    private static void check(String name, long min, long max) {
        if (min > max) {
            throw InvalidInputException.of("design space", "parameters." + name, "min " + min + " > max " + max,
                    "min <= max");
        }
    }
}

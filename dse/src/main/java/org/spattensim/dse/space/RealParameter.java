package org.spattensim.dse.space;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * A real range {@code [min, max]}: continuous (linear or log-uniform), or discrete when {@code step > 0}
 * ({@code min, min+step, ...}).
 *
 * @param name name
 * @param keys configuration keys it sets
 * @param min  lower bound
 * @param max  upper bound
 * @param step grid step, or 0 for a continuous range
 * @param log  log scale (continuous only; needs min > 0)
 */
public record RealParameter(String name, List<String> keys, double min, double max, double step, boolean log)
        implements Parameter {
    private static final long serialVersionUID = 1L;

    public RealParameter {
        keys = List.copyOf(keys);
        String f = "parameters." + name;
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw InvalidInputException.of("design space", f, "bad range [" + min + ", " + max + "]",
                    "finite min <= max");
        }
        if (!(step >= 0) || !Double.isFinite(step)) {
            throw InvalidInputException.of("design space", f + ".step", "bad value " + step, "a step >= 0");
        }
        if (log && step > 0) {
            throw InvalidInputException.of("design space", f, "both log and step given", "either a step or log: true");
        }
        if (log && min <= 0) {
            throw InvalidInputException.of("design space", f + ".min", "bad value " + min, "min > 0 on a log scale");
        }
        if (step > 0 && (max - min) / step + 1 > IntParameter.MAX_LEVELS) {
            throw InvalidInputException.of("design space", f, "more than " + IntParameter.MAX_LEVELS + " levels",
                    "a larger step");
        }
    }

    @Override
    public int levels() {
        // The small tolerance keeps max itself as a level when (max - min) / step is integral but rounds low.
        return step > 0 ? (int) Math.floor((max - min) / step + 1e-9) + 1 : 0;
    }

    @Override
    public Object valueAt(int index) {
        if (step <= 0) {
            throw new IllegalStateException("continuous parameter " + name + " has no levels");
        }
        return level(index);
    }

    private double level(int index) {
        // Rounded to 12 significant digits so 0.1 + 2 * 0.1 prints as 0.3 in results and config keys.
        double v = min + index * step;
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", v));
    }

    @Override
    public Object decode(double u) {
        if (step > 0) {
            return level(Parameter.levelOf(u, levels()));
        }
        return interpolate(Math.max(0, Math.min(1, u)));
    }

    private double interpolate(double t) {
        if (log) {
            return Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)));
        }
        return min + t * (max - min);
    }

    @Override
    public List<Object> gridValues(int continuousLevels) {
        List<Object> v = new ArrayList<>();
        if (step > 0) {
            for (int i = 0; i < levels(); i++) {
                v.add(level(i));
            }
            return v;
        }
        if (continuousLevels < 1 || min == max) {
            v.add(min);
            return v;
        }
        for (int i = 0; i < continuousLevels; i++) {
            v.add(continuousLevels == 1 ? min : i == continuousLevels - 1 ? max
                    : interpolate((double) i / (continuousLevels - 1)));
        }
        return v;
    }
}

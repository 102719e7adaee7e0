package org.spattensim.dse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Closed-form bi-objective test problems whose Pareto fronts are known, to check the searches (and to try the
 * explorer without a model). Over the numeric parameters {@code x0, x1, ...} of a point, in space order:
 * <ul>
 *   <li>{@code analytic-schaffer} (Schaffer's problem, convex): {@code f1 = sum xi^2},
 *       {@code f2 = (x0 - 2)^2 + sum_{i>0} xi^2}. Pareto set: {@code x0 in [0, 2]}, all other {@code xi = 0}.</li>
 *   <li>{@code analytic-zdt1} (Zitzler-Deb-Thiele 1, convex front, xi in [0, 1]): {@code f1 = x0},
 *       {@code g = 1 + 9 sum_{i>0} xi / (n - 1)}, {@code f2 = g (1 - sqrt(f1 / g))}. Pareto front:
 *       {@code f2 = 1 - sqrt(f1)} at {@code g = 1}.</li>
 * </ul>
 * Metrics: {@code f1}, {@code f2}, {@code x0} and {@code sum = f1 + f2} (for constraint tests). The space's
 * {@code model.set} may hold {@code delayMicros=N}: each evaluation then also waits N microseconds, to stand in
 * for a slow model in tests.
 */
public final class AnalyticEvaluator implements Evaluator {
    public static final List<String> NAMES = List.of("analytic-schaffer", "analytic-zdt1");
    private final boolean zdt1;
    private final List<String> names;
    private final long delayNanos;

    public AnalyticEvaluator(EvaluationContext ctx) {
        DesignSpace space = ctx.space();
        this.zdt1 = space.model().name().equals("analytic-zdt1");
        this.names = space.parameters().stream().map(Parameter::name).toList();
        long delay = 0;
        for (String s : space.model().set()) {
            if (s.startsWith("delayMicros=")) {
                delay = Long.parseLong(s.substring("delayMicros=".length()).trim()) * 1000;
            } else {
                throw InvalidInputException.of("design space " + space.name(), "model.set", "unknown setting '" + s + "'",
                        "delayMicros=N for an analytic model");
            }
        }
        this.delayNanos = delay;
        for (String m : space.requiredMetrics()) {
            if (!METRICS.contains(m)) {
                throw InvalidInputException.of("design space " + space.name(), "objectives/constraints",
                        "metric '" + m + "' is not reported by model " + space.model().name(), "one of " + METRICS);
            }
        }
    }

    /** What {@link #evaluate} reports. */
    static final List<String> METRICS = List.of("f1", "f2", "x0", "sum");

    @Override
    public Map<String, Double> evaluate(DesignPoint point) {
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = point.number(names.get(i));
            if (Double.isNaN(x[i])) {
                throw InvalidInputException.of("analytic model", names.get(i), "non-numeric value " + point.get(names.get(i)),
                        "a number");
            }
        }
        double f1;
        double f2;
        if (zdt1) {
            f1 = x[0];
            double s = 0;
            for (int i = 1; i < x.length; i++) {
                s += x[i];
            }
            double g = x.length > 1 ? 1 + 9 * s / (x.length - 1) : 1;
            f2 = g * (1 - Math.sqrt(f1 / g));
        } else {
            double rest = 0;
            for (int i = 1; i < x.length; i++) {
                rest += x[i] * x[i];
            }
            f1 = x[0] * x[0] + rest;
            f2 = (x[0] - 2) * (x[0] - 2) + rest;
        }
        if (delayNanos > 0) {
            long end = System.nanoTime() + delayNanos;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("f1", f1);
        m.put("f2", f2);
        m.put("x0", x[0]);
        m.put("sum", f1 + f2);
        return m;
    }
}

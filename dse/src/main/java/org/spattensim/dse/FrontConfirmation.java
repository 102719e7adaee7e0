package org.spattensim.dse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.dse.search.ParetoFront;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Objective;

/**
 * A fast model's Pareto front re-evaluated by its reference model (for {@code spatten-fast}: the cycle-level
 * {@code spatten}), so the reported front carries both figures and the surrogate's error on it.
 *
 * @param model          the fast model the search used
 * @param referenceModel the model that re-evaluated the front
 * @param points         one per front point, in front order
 * @param evaluatedNow   reference evaluations run in this process (the rest came from the store)
 * @param seconds        wall time of the confirmation
 */
public record FrontConfirmation(String model, String referenceModel, List<Point> points, int evaluatedNow,
                                double seconds) {
    public FrontConfirmation {
        points = List.copyOf(points);
    }

    /**
     * A front point by both models.
     *
     * @param surrogate the fast model's evaluation (as the search saw it)
     * @param reference the reference model's evaluation of the same point
     */
    public record Point(Evaluation surrogate, Evaluation reference) {
        /** {@code surrogate / reference - 1} of a metric; NaN when either lacks it or the reference is 0. */
        public double relativeError(String metric) {
            Double s = surrogate.metrics().get(metric);
            Double r = reference.metrics().get(metric);
            if (s == null || r == null || r == 0) {
                return Double.NaN;
            }
            return s / r - 1;
        }
    }

    /** The metrics whose error is reported: the space's objectives, then {@code cycles} when the model reports it. */
    public List<String> metrics(DesignSpace space) {
        List<String> out = new ArrayList<>(space.objectives().stream().map(Objective::metric).toList());
        boolean cycles = points.stream().anyMatch(p -> p.reference().metrics().containsKey("cycles"));
        if (cycles && !out.contains("cycles")) {
            out.add("cycles");
        }
        return out;
    }

    /** Median of |relative error| of a metric over the points that have it (NaN when none). */
    public double medianAbsError(String metric) {
        double[] e = absErrors(metric);
        if (e.length == 0) {
            return Double.NaN;
        }
        return e.length % 2 == 1 ? e[e.length / 2] : (e[e.length / 2 - 1] + e[e.length / 2]) / 2;
    }

    /** Largest |relative error| of a metric (NaN when no point has it). */
    public double maxAbsError(String metric) {
        double[] e = absErrors(metric);
        return e.length == 0 ? Double.NaN : e[e.length - 1];
    }

    private double[] absErrors(String metric) {
        return points.stream().mapToDouble(p -> Math.abs(p.relativeError(metric))).filter(d -> !Double.isNaN(d))
                .sorted().toArray();
    }

    /** Median and max |relative error| per reported metric, in {@link #metrics} order. */
    public Map<String, double[]> summary(DesignSpace space) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String m : metrics(space)) {
            out.put(m, new double[] {medianAbsError(m), maxAbsError(m)});
        }
        return out;
    }

    /** The front points that stay feasible and non-dominated among themselves under the reference model. */
    public List<Evaluation> referenceFront(DesignSpace space) {
        return ParetoFront.of(points.stream().map(Point::reference).toList(), space.objectives());
    }

    @Override
    public String toString() {
        return "FrontConfirmation[" + model + " -> " + referenceModel + ", " + points.size() + " points, "
                + Arrays.toString(points.stream().mapToDouble(p -> p.relativeError("cycles")).toArray()) + "]";
    }
}

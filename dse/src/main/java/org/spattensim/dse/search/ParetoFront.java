package org.spattensim.dse.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.space.Objective;

/** Non-dominated filtering of evaluated points. */
public final class ParetoFront {
    private ParetoFront() {}

    /**
     * The feasible points no other feasible point dominates, sorted by objectives (lexicographically, in the
     * "smaller is better" orientation) and then by point key, so the same set always prints the same.
     */
    public static List<Evaluation> of(List<Evaluation> evaluations, List<Objective> objectives) {
        List<Evaluation> feasible = new ArrayList<>();
        for (Evaluation e : evaluations) {
            if (e.feasible()) {
                feasible.add(e);
            }
        }
        Comparator<Evaluation> order = (a, b) -> {
            for (int i = 0; i < objectives.size(); i++) {
                int c = Double.compare(min(objectives, a, i), min(objectives, b, i));
                if (c != 0) {
                    return c;
                }
            }
            return a.point().key().compareTo(b.point().key());
        };
        feasible.sort(order);
        // Sorted lexicographically, a point can only be dominated by one before it, and then by a front member.
        List<Evaluation> front = new ArrayList<>();
        for (Evaluation e : feasible) {
            boolean dominated = false;
            for (Evaluation f : front) {
                if (dominates(f, e, objectives)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(e);
            }
        }
        return front;
    }

    private static double min(List<Objective> objectives, Evaluation e, int i) {
        return objectives.get(i).toMinimized(e.objectives()[i]);
    }

    /** True when {@code a} is no worse than {@code b} in every objective and better in one. */
    public static boolean dominates(Evaluation a, Evaluation b, List<Objective> objectives) {
        boolean better = false;
        for (int i = 0; i < objectives.size(); i++) {
            double x = min(objectives, a, i);
            double y = min(objectives, b, i);
            if (x > y) {
                return false;
            }
            if (x < y) {
                better = true;
            }
        }
        return better;
    }
}

package org.spattensim.dse.search;

import io.jenetics.Mutator;
import io.jenetics.SinglePointCrossover;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import java.util.List;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.space.Objective;

/**
 * Single-objective genetic search: metric constraints as a penalty, designs the evaluator rejects up front
 * ({@link org.spattensim.dse.Evaluator#invalidReason}) re-sampled by a Jenetics {@code RetryConstraint}. The scalar is the weighted product of the
 * objectives, {@code prod(value_i ^ weight_i)} (computed as a sum of logs; maximised objectives enter with a
 * negative exponent): with all weights 1 over energy, latency and area it is the energy-delay-area product,
 * and weight 0 leaves an objective out. An infeasible point scores {@code 1e30 x (1 + violation)}, worse than
 * any feasible one. The best point is the run's best feasible evaluation (see {@link #best}).
 */
public final class GeneticSearch implements Search {
    @Override
    public void run(org.spattensim.dse.exec.EvaluationService service, SearchSettings settings) {
        List<Objective> objectives = service.space().objectives();
        JeneticsRun.<Double>evolve(service, settings, s -> new Engine.Builder<>(
                        JeneticsRun.evaluator(s, e -> scalar(e, objectives), JeneticsRun.penalty(Double.POSITIVE_INFINITY)),
                        JeneticsRun.genotype(s.space()))
                .executor(Runnable::run)
                .constraint(JeneticsRun.constraint(s))
                .populationSize(settings.populationSize())
                .minimizing()
                .selector(new TournamentSelector<>(3))
                .alterers(new SinglePointCrossover<>(0.5), new Mutator<>(0.15))
                .build());
    }

    /** The GA's scalar (smaller is better) of one evaluation. */
    public static double scalar(Evaluation e, List<Objective> objectives) {
        if (!e.feasible()) {
            return JeneticsRun.penalty(e.violation());
        }
        double s = 0;
        for (int i = 0; i < objectives.size(); i++) {
            Objective o = objectives.get(i);
            if (o.weight() == 0) {
                continue;
            }
            double v = e.objectives()[i];
            // log keeps the product of quantities of very different scales well conditioned; a value <= 0
            // (not a cost) falls back to a large negative log, i.e. "very good", in a fixed order.
            double log = v > 0 ? Math.log(v) : -1e3 + v;
            s += (o.direction() == Objective.Direction.MINIMIZE ? 1 : -1) * o.weight() * log;
        }
        return s;
    }

    /** The feasible evaluation with the smallest scalar (ties broken by point key), if any. */
    public static java.util.Optional<Evaluation> best(List<Evaluation> evaluations, List<Objective> objectives) {
        Evaluation best = null;
        double bs = Double.POSITIVE_INFINITY;
        for (Evaluation e : evaluations) {
            if (!e.feasible()) {
                continue;
            }
            double s = scalar(e, objectives);
            if (best == null || s < bs || (s == bs && e.point().key().compareTo(best.point().key()) < 0)) {
                best = e;
                bs = s;
            }
        }
        return java.util.Optional.ofNullable(best);
    }
}

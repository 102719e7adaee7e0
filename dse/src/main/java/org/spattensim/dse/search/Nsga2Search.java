package org.spattensim.dse.search;

import io.jenetics.DoubleGene;
import io.jenetics.Mutator;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.ext.SimulatedBinaryCrossover;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.ext.moea.Vec;
import java.util.Arrays;
import java.util.List;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.space.Objective;

/**
 * NSGA-II-style multi-objective search with Jenetics: fitness is the {@link Vec} of objectives (minimised;
 * maximised ones negated), survivors are chosen by {@link UFTournamentSelector} (non-dominated rank, then
 * crowding distance), offspring by tournament, altered by simulated binary crossover and uniform mutation.
 * Infeasible points get every coordinate {@code 1e30 x (1 + violation)}, so any feasible point dominates them
 * and less infeasible ones dominate more infeasible ones. The explorer's front is then taken over every point
 * the search evaluated (an archive), not only the last population.
 */
public final class Nsga2Search implements Search {
    @Override
    public void run(org.spattensim.dse.exec.EvaluationService service, SearchSettings settings) {
        List<Objective> objectives = service.space().objectives();
        int k = objectives.size();
        double[] worst = new double[k];
        Arrays.fill(worst, JeneticsRun.penalty(Double.POSITIVE_INFINITY));
        Vec<double[]> overBudget = Vec.of(worst);
        int n = service.space().parameters().size();
        JeneticsRun.<Vec<double[]>>evolve(service, settings, s -> new Engine.Builder<>(
                        JeneticsRun.evaluator(s, e -> fitness(e, objectives), overBudget),
                        JeneticsRun.genotype(s.space()))
                .executor(Runnable::run)
                .constraint(JeneticsRun.constraint(s))
                .populationSize(settings.populationSize())
                .minimizing()
                .offspringSelector(new TournamentSelector<>(3))
                .survivorsSelector(UFTournamentSelector.ofVec())
                .alterers(new SimulatedBinaryCrossover<>(0.9), new Mutator<>(Math.max(0.1, 1.0 / n)))
                .build());
    }

    static Vec<double[]> fitness(Evaluation e, List<Objective> objectives) {
        double[] v = new double[objectives.size()];
        if (!e.feasible()) {
            Arrays.fill(v, JeneticsRun.penalty(e.violation()));
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = objectives.get(i).toMinimized(e.objectives()[i]);
            }
        }
        return Vec.of(v);
    }
}

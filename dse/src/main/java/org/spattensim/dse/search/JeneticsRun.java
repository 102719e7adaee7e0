package org.spattensim.dse.search;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;

/**
 * What the two Jenetics searches share. Genotype: one {@link DoubleGene} in [0, 1) per parameter, decoded by
 * {@link DesignSpace#decode}. Determinism: the engine runs on the calling thread ({@code executor(Runnable::run)})
 * inside {@link RandomRegistry#with} a generator seeded from the settings, and a generation's new points are
 * evaluated as one batch through the {@link EvaluationService}, whose answer is in population order whatever
 * order the evaluations finish in. So the same seed gives the same populations with 1 thread, 16 or a cluster.
 */
final class JeneticsRun {
    /** Fitness coordinate of an infeasible point: worse than any real objective, graded by the violation. */
    static final double PENALTY = 1e30;
    /** Generations in a row without a new point before giving up (the space is exhausted). */
    static final int STALL_GENERATIONS = 25;

    private JeneticsRun() {}

    /** Attempts at re-sampling a genotype the evaluator's precheck rejects before it is evaluated anyway. */
    static final int RETRIES = 10;

    /**
     * A Jenetics constraint from the service's precheck: an invalid design (e.g. a multiplier count that is
     * not a multiple of the head dimension) is replaced by a fresh random genotype, up to {@link #RETRIES}
     * times; a design still invalid after that is evaluated and penalised.
     */
    static <C extends Comparable<? super C>> io.jenetics.engine.Constraint<DoubleGene, C> constraint(EvaluationService service) {
        DesignSpace space = service.space();
        return new io.jenetics.engine.RetryConstraint<>(pt -> service.isValid(decode(space, pt.genotype())),
                genotype(space), RETRIES);
    }

    static Genotype<DoubleGene> genotype(DesignSpace space) {
        return Genotype.of(DoubleChromosome.of(0, 1, space.parameters().size()));
    }

    static DesignPoint decode(DesignSpace space, Genotype<DoubleGene> g) {
        DoubleChromosome c = g.chromosome().as(DoubleChromosome.class);
        return space.decode(c.toArray());
    }

    static double penalty(double violation) {
        return PENALTY * (1 + Math.min(violation, 1e9));
    }

    /**
     * A Jenetics evaluator: decodes the population's unevaluated phenotypes, evaluates them as one batch and
     * assigns {@code fitness(evaluation)}; points beyond the budget get {@code overBudget}.
     */
    static <C extends Comparable<? super C>> io.jenetics.engine.Evaluator<DoubleGene, C> evaluator(
            EvaluationService service, Function<Evaluation, C> fitness, C overBudget) {
        DesignSpace space = service.space();
        return population -> {
            List<DesignPoint> points = new ArrayList<>();
            for (Phenotype<DoubleGene, C> pt : population) {
                if (pt.nonEvaluated()) {
                    points.add(decode(space, pt.genotype()));
                }
            }
            List<Optional<Evaluation>> results = service.evaluate(points);
            List<Phenotype<DoubleGene, C>> out = new ArrayList<>(population.size());
            int i = 0;
            for (Phenotype<DoubleGene, C> pt : population) {
                if (pt.nonEvaluated()) {
                    Optional<Evaluation> e = results.get(i++);
                    out.add(pt.withFitness(e.map(fitness).orElse(overBudget)));
                } else {
                    out.add(pt);
                }
            }
            return ISeq.of(out);
        };
    }

    /** Runs the engine seeded, on this thread, until the budget is spent or no new point comes up. */
    static <C extends Comparable<? super C>> void evolve(EvaluationService service, SearchSettings settings,
                                                        Function<EvaluationService, Engine<DoubleGene, C>> engineFactory) {
        RandomRegistry.with(new SplittableRandom(settings.seed()), r -> {
            Engine<DoubleGene, C> engine = engineFactory.apply(service);
            int[] last = {-1};
            int[] stall = {0};
            engine.stream()
                    .limit(result -> {
                        int used = service.used();
                        stall[0] = used == last[0] ? stall[0] + 1 : 0;
                        last[0] = used;
                        return service.remaining() > 0 && stall[0] < STALL_GENERATIONS;
                    })
                    .forEach(EvolutionResult::population);
            return null;
        });
    }

}

package org.spattensim.dse.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.Spaces;
import org.spattensim.dse.search.SearchSettings.Algorithm;
import org.spattensim.dse.space.DesignSpace;

class SearchTest {
    static EvaluationContext ctx(DesignSpace s) {
        return new EvaluationContext(s, "", "");
    }

    /** Schaffer's Pareto set: x0 in [0, 2], every other coordinate 0. */
    static boolean onTrueFront(Evaluation e) {
        double x = e.point().number("x");
        double y = e.point().number("y");
        return x >= 0 && x <= 2 && y == 0;
    }

    static List<String> keys(List<Evaluation> l) {
        return l.stream().map(e -> e.point().key() + "=" + e.objectives()[0] + "," + e.objectives()[1]).toList();
    }

    @Test
    void gridFindsExactlyTheClosedFormFront() {
        ExplorationResult r = Explorer.explore(ctx(Spaces.schafferGrid(null)), SearchSettings.of(Algorithm.GRID, 1000, 1), 2);
        assertEquals(17 * 5, r.evaluations().size());
        // Grid x levels in [0, 2]: 0, 0.25, ..., 2 -> 9 points, all with y = 0.
        assertEquals(9, r.front().size(), keys(r.front()).toString());
        assertTrue(r.front().stream().allMatch(SearchTest::onTrueFront), keys(r.front()).toString());
    }

    @Test
    void gridOverBudgetStridesEvenly() {
        ExplorationResult r = Explorer.explore(ctx(Spaces.schafferGrid(null)), SearchSettings.of(Algorithm.GRID, 17, 1), 1);
        assertEquals(17, r.evaluations().size());
        // 85 points, 17 chosen at stride 5: index 5i -> x level i, y level 0 (-1)
        Set<Double> xs = new TreeSet<>();
        r.evaluations().forEach(e -> xs.add(e.point().number("x")));
        assertEquals(17, xs.size());
    }

    @Test
    void randomIsSeededAndDistinct() {
        var s = SearchSettings.of(Algorithm.RANDOM, 40, 7);
        var a = Explorer.explore(ctx(Spaces.schafferGrid(null)), s, 1);
        var b = Explorer.explore(ctx(Spaces.schafferGrid(null)), s, 2);
        assertEquals(keys(a.evaluations()), keys(b.evaluations()));
        assertEquals(40, a.evaluations().stream().map(e -> e.point().key()).distinct().count());
        var c = Explorer.explore(ctx(Spaces.schafferGrid(null)), SearchSettings.of(Algorithm.RANDOM, 40, 8), 1);
        assertTrue(!keys(a.evaluations()).equals(keys(c.evaluations())));
    }

    @Test
    void randomStopsWhenTheSpaceIsExhausted() {
        var r = Explorer.explore(ctx(Spaces.schafferGrid(null)), SearchSettings.of(Algorithm.RANDOM, 500, 3), 1);
        assertEquals(85, r.evaluations().size());
        assertEquals(9, r.front().size());
    }

    @Test
    void nsga2IsDeterministicAcrossThreadCounts() {
        var s = SearchSettings.of(Algorithm.NSGA2, 60, 11).withPopulationSize(16);
        var a = Explorer.explore(ctx(Spaces.schafferGrid(null)), s, 1);
        var b = Explorer.explore(ctx(Spaces.schafferGrid(null)), s, 4);
        assertEquals(60, a.evaluations().size());
        assertEquals(keys(a.evaluations()), keys(b.evaluations()));
        assertEquals(keys(a.front()), keys(b.front()));
    }

    @Test
    void nsga2ConvergesOnTheSchafferParetoSet() {
        // 121 x 41 = 4961 points; the Pareto set is x in [0, 2], y = 0. Budget: 12% of the space.
        DesignSpace space = DesignSpace.loadNamedOrFile("schaffer");
        var nsga = Explorer.explore(ctx(space), SearchSettings.of(Algorithm.NSGA2, 600, 2).withPopulationSize(30), 2);
        double maxY = nsga.front().stream().mapToDouble(e -> Math.abs(e.point().number("y"))).max().orElseThrow();
        assertTrue(maxY <= 0.4, "front strays to |y| = " + maxY);
        assertTrue(nsga.front().size() >= 25, "front of " + nsga.front().size());
        double hvN = hypervolume(nsga.front(), 5, 5);
        // The true front's hypervolume (x in [0, 2] continuous) is 25 - 8/3 ~ 22.33.
        assertTrue(hvN > 21.8 && hvN <= 25 - 8.0 / 3, "hypervolume " + hvN);
    }

    /** 2-D hypervolume dominated by a front (sorted by f1) up to the reference point. */
    static double hypervolume(List<Evaluation> front, double r1, double r2) {
        double hv = 0;
        double prevF2 = r2;
        for (Evaluation e : front) {
            double f1 = e.objectives()[0];
            double f2 = e.objectives()[1];
            if (f1 < r1 && f2 < prevF2) {
                hv += (r1 - f1) * (prevF2 - f2);
                prevF2 = f2;
            }
        }
        return hv;
    }

    @Test
    void nsga2ApproachesTheZdt1Front() {
        var s = SearchSettings.of(Algorithm.NSGA2, 1500, 5).withPopulationSize(40);
        var r = Explorer.explore(ctx(Spaces.zdt1()), s, 2);
        // On the true front f2 = 1 - sqrt(f1); a random point of this space has f2 around 4.
        double worstGap = 0;
        for (Evaluation e : r.front()) {
            worstGap = Math.max(worstGap, e.objectives()[1] - (1 - Math.sqrt(e.objectives()[0])));
        }
        assertTrue(r.front().size() >= 10, "front size " + r.front().size());
        assertTrue(worstGap < 0.5, "worst distance above the true front " + worstGap);
        var rnd = Explorer.explore(ctx(Spaces.zdt1()), SearchSettings.of(Algorithm.RANDOM, 1500, 5), 2);
        double rndBest = rnd.front().stream().mapToDouble(e -> e.objectives()[1] - (1 - Math.sqrt(e.objectives()[0])))
                .min().orElseThrow();
        assertTrue(rndBest > worstGap, "random search came closer (" + rndBest + ") than NSGA-II's worst (" + worstGap + ")");
        double spanF1 = r.front().get(r.front().size() - 1).objectives()[0] - r.front().get(0).objectives()[0];
        assertTrue(spanF1 > 0.5, "front spans f1 by " + spanF1);
    }

    @Test
    void gaRespectsTheConstraintAndFindsTheConstrainedOptimum() {
        var s = SearchSettings.of(Algorithm.GA, 400, 3).withPopulationSize(20);
        var r = Explorer.explore(ctx(Spaces.schafferConstrained()), s, 2);
        Evaluation best = r.best().orElseThrow();
        // min f1 = x^2 + y^2 + z^2 subject to x >= 0.5: x = 0.5, y = 0, z = 0.
        assertEquals(0.5, best.point().number("x"), 1e-12, best.point().toString());
        assertEquals(0.0, best.point().number("y"), 1e-12, best.point().toString());
        assertEquals(0.0, best.point().number("z"), 1e-12, best.point().toString());
        assertTrue(r.evaluations().stream().anyMatch(e -> !e.feasible()), "the GA never met the constraint");
        var again = Explorer.explore(ctx(Spaces.schafferConstrained()), s, 1);
        assertEquals(keys(r.evaluations()), keys(again.evaluations()));
    }

    @Test
    void geneticSearchesResampleDesignsThePrecheckRejects() {
        // x < 0 is "not a valid design" (a quarter of the x range): the Jenetics constraint re-samples such
        // genotypes, so hardly any budget goes to them.
        org.spattensim.dse.Evaluators.register("test-half-valid", c -> new org.spattensim.dse.Evaluator() {
            final org.spattensim.dse.AnalyticEvaluator inner = new org.spattensim.dse.AnalyticEvaluator(
                    new EvaluationContext(Spaces.schafferGrid(null), "", ""));

            @Override
            public java.util.Map<String, Double> evaluate(org.spattensim.dse.space.DesignPoint p) {
                return inner.evaluate(p);
            }

            @Override
            public String invalidReason(org.spattensim.dse.space.DesignPoint p) {
                return p.number("x") < 0 ? "x < 0" : null;
            }
        });
        DesignSpace space = DesignSpace.parse(Spaces.schafferGrid(null).yaml().replace("analytic-schaffer", "test-half-valid"),
                "half-valid");
        for (Algorithm a : List.of(Algorithm.NSGA2, Algorithm.GA)) {
            var r = Explorer.explore(ctx(space), SearchSettings.of(a, 60, 5).withPopulationSize(12), 2);
            long invalid = r.evaluations().stream().filter(e -> e.error() != null).count();
            assertTrue(invalid <= 2, a + ": " + invalid + " invalid designs evaluated");
            assertEquals(60, r.evaluations().size());
        }
        var rnd = Explorer.explore(ctx(space), SearchSettings.of(Algorithm.RANDOM, 60, 5), 2);
        assertTrue(rnd.evaluations().stream().filter(e -> e.error() != null).count() >= 5, "random search has no precheck");
    }
}

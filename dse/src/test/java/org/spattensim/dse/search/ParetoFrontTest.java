package org.spattensim.dse.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.Objective;

class ParetoFrontTest {
    static Evaluation ev(int id, double... obj) {
        return new Evaluation(new DesignPoint(Map.of("id", (long) id)), Map.of(), obj, 0, null, 0);
    }

    @Test
    void matchesBruteForceOnRandomPointsWithMixedDirections() {
        List<Objective> objs = List.of(Objective.minimize("a"),
                new Objective("b", Objective.Direction.MAXIMIZE, 1), Objective.minimize("c"));
        SplittableRandom r = new SplittableRandom(3);
        List<Evaluation> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            all.add(ev(i, r.nextInt(20), r.nextInt(20), r.nextInt(20)));
        }
        all.add(new Evaluation(new DesignPoint(Map.of("id", 999L)), Map.of(), new double[] {0, 100, 0}, 0.5, null, 0));
        List<String> fast = ParetoFront.of(all, objs).stream().map(e -> e.point().key()).sorted().toList();
        List<String> brute = new ArrayList<>();
        for (Evaluation a : all) {
            if (!a.feasible()) {
                continue;
            }
            boolean dom = false;
            for (Evaluation b : all) {
                dom |= b.feasible() && ParetoFront.dominates(b, a, objs);
            }
            if (!dom) {
                brute.add(a.point().key());
            }
        }
        brute.sort(null);
        assertEquals(brute, fast);
    }
}

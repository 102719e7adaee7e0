package org.spattensim.results.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.quality.DenseReference;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;

class QualityBudgetSearchTest {
    private static final RecorderModel MODEL = RecorderModel.loadDefault();
    private static final DenseReference REF = QualityEvaluator.reference(MODEL,
            List.of("Once upon a time", "Tom and his dog went to the park"), 60);

    /** Two knobs, three levels each: enough for the rule to choose a middle level. */
    private static List<QualityBudgetSearch.Knob> knobs() {
        List<QualityBudgetSearch.Knob> all = QualityBudgetSearch.defaultKnobs();
        return List.of(all.get(1), all.get(2));
    }

    @Test
    void keepsForEachKnobTheMostAggressiveLevelWithinTheBudget() {
        QualityBudgetSearch.Budget budget = new QualityBudgetSearch.Budget(0.03, 0.9);
        QualityBudgetSearch.Result r = QualityBudgetSearch.run(MODEL, SpattenPresets.FULL, REF, budget, knobs(), 2,
                m -> { });
        assertEquals(1 + 5 + 4, r.tried().size(), "baseline + every level of every knob");
        assertTrue(budget.admits(r.quality()), "the chosen configuration meets the budget");
        assertEquals(0.0, r.tried().get(0).quality().meanKl(), 1e-9, "all off is the dense model");
        // Independently: walk the candidates knob by knob and apply the rule.
        List<String> expected = new ArrayList<>(QualityBudgetSearch.ALL_OFF);
        int i = 1;
        for (QualityBudgetSearch.Knob k : knobs()) {
            List<String> pick = null;
            for (QualityBudgetSearch.Level l : k.levels()) {
                QualityBudgetSearch.Candidate c = r.tried().get(i++);
                List<String> o = new ArrayList<>(expected);
                o.addAll(l.overrides());
                assertEquals(o, c.overrides(), "each level is tried on top of the earlier knobs' choice");
                boolean within = c.quality().meanKl() <= 0.03 && c.quality().top1Agreement() >= 0.9;
                assertEquals(within, c.within());
                if (within) {
                    pick = o;
                }
            }
            if (pick != null) {
                expected = pick;
            }
        }
        assertEquals(expected, r.chosen());
        // The chosen overrides are a valid configuration and reproduce the reported quality.
        assertEquals(r.quality(), QualityEvaluator.evaluate(MODEL, SpattenPresets.load(SpattenPresets.FULL,
                r.chosen()), REF));
    }

    @Test
    void theSameChoiceWhateverTheThreadCount() {
        QualityBudgetSearch.Budget budget = new QualityBudgetSearch.Budget(0.03, 0.9);
        QualityBudgetSearch.Result one = QualityBudgetSearch.run(MODEL, SpattenPresets.FULL, REF, budget, knobs(), 1,
                m -> { });
        QualityBudgetSearch.Result two = QualityBudgetSearch.run(MODEL, SpattenPresets.FULL, REF, budget, knobs(), 2,
                m -> { });
        assertEquals(one, two);
    }

    @Test
    void aBudgetNothingMeetsLeavesEverythingOff() {
        QualityBudgetSearch.Result r = QualityBudgetSearch.run(MODEL, SpattenPresets.FULL, REF,
                new QualityBudgetSearch.Budget(0, 1), List.of(knobs().get(0)), 2, m -> { });
        assertEquals(QualityBudgetSearch.ALL_OFF, r.chosen());
        assertEquals(List.of("token pruning: off"), r.choices());
        assertFalse(r.tried().stream().skip(1).anyMatch(QualityBudgetSearch.Candidate::within));
    }

    @Test
    void refusesImpossibleBudgets() {
        assertThrows(InvalidInputException.class, () -> new QualityBudgetSearch.Budget(Double.NaN, 0.9));
        assertThrows(InvalidInputException.class, () -> new QualityBudgetSearch.Budget(-0.1, 0.9));
        assertThrows(InvalidInputException.class, () -> new QualityBudgetSearch.Budget(0.05, 1.5));
    }
}

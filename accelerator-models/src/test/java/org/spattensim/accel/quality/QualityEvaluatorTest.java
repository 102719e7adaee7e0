package org.spattensim.accel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;

class QualityEvaluatorTest {
    private static final RecorderModel MODEL = RecorderModel.loadDefault();
    private static final List<String> PROMPTS = List.of("Once upon a time", "Tom and his dog went to the park");

    @Test
    void denseConfigurationCostsNothing() {
        SpattenConfig dense = AblationStep.dense(SpattenPresets.full());
        QualityReport r = QualityEvaluator.evaluate(MODEL, dense, PROMPTS, 40);
        assertEquals(0, r.meanKl(), 1e-9);
        assertEquals(1.0, r.top1Agreement());
        assertEquals(1.0, r.keyKeepRatio());
        assertEquals(0.0, r.requantShare());
        assertEquals(2 * 40, r.positions());
    }

    @Test
    void pruningCostsMoreWhenMoreAggressive() {
        QualityReport mild = QualityEvaluator.evaluate(MODEL, SpattenPresets.full(), PROMPTS, 40);
        QualityReport harsh = QualityEvaluator.evaluate(MODEL, SpattenPresets.load("spatten",
                List.of("pruning.token.average=0.6", "pruning.token.start=0.5", "pruning.valuePruneRatio=0.95")),
                PROMPTS, 40);
        assertTrue(mild.meanKl() > 0, "pruning and quantization change the logits");
        assertTrue(mild.keyKeepRatio() < 1 && mild.valueKeepRatio() < mild.keyKeepRatio());
        assertTrue(harsh.keyKeepRatio() < mild.keyKeepRatio());
        assertTrue(harsh.meanKl() > mild.meanKl(), "harsh " + harsh.meanKl() + " vs mild " + mild.meanKl());
    }

    @Test
    void aReusedDenseReferenceGivesTheSameReportAsAFreshComparison() {
        SpattenConfig c = SpattenPresets.full();
        DenseReference ref = QualityEvaluator.reference(MODEL, PROMPTS, 40);
        QualityReport fresh = QualityEvaluator.evaluate(MODEL, c, PROMPTS, 40);
        QualityReport first = QualityEvaluator.evaluate(MODEL, c, ref);
        QualityReport again = QualityEvaluator.evaluate(MODEL, c, ref);
        assertEquals(fresh, first);
        assertEquals(first, again, "a reference is read, never changed, by an evaluation");
        assertEquals(2, ref.prompts().size());
        assertEquals(40, ref.prompts().get(0).denseLogits().size(), "one dense prediction per generated token");
    }

    @Test
    void everyKvPolicyRunsAGenerationFarLongerThanItsPrompt() {
        // Regression: H2O's kept list was sized by its candidates; a cache grown token by token from a short prompt
        // past 64 + 1 tokens overflowed it (budget 1/4 of 300+ positions).
        for (String policy : List.of("h2o", "spatten-llm", "quest", "streaming-llm")) {
            QualityReport r = QualityEvaluator.evaluate(MODEL, SpattenPresets.load("spatten",
                    List.of("pruning.policy=" + policy)), List.of("Once upon a time"), 320);
            assertEquals(320, r.positions(), policy);
            assertTrue(r.keyKeepRatio() < 0.6, policy + " keeps " + r.keyKeepRatio());
        }
    }

    @Test
    void klDivergenceMatchesTheClosedForm() {
        float[] a = {0, (float) Math.log(3)}; // p = (1/4, 3/4)
        float[] b = {0, 0};                   // q = (1/2, 1/2)
        double expected = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
        assertEquals(expected, QualityEvaluator.klDivergence(a, b), 1e-7);
        assertEquals(0, QualityEvaluator.klDivergence(a, a), 1e-12);
        assertThrows(InvalidInputException.class,
                () -> QualityEvaluator.evaluate(MODEL, SpattenPresets.full(), List.of(), 10));
    }
}

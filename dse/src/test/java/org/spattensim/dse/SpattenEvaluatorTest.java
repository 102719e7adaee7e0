package org.spattensim.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;

class SpattenEvaluatorTest {
    static final String SPACE = """
            name: quality-test
            model: {name: spatten-quality, base: spatten-1/8}
            parameters:
              multipliers: {type: choice, values: [64, 100, 128], keys: [compute.qkMultipliers, compute.pvMultipliers]}
            objectives:
              - {metric: quality_kl_nats}
              - {metric: key_keep_ratio}
            """;

    @Test
    void hardwareOnlyPointsShareOneQualityEvaluationAndInvalidDesignsAreRejectedUpFront() {
        DesignSpace space = DesignSpace.parse(SPACE, "quality-test");
        SpattenEvaluator ev = new SpattenEvaluator(new EvaluationContext(space, "", ""));
        DesignPoint p64 = new DesignPoint(Map.of("multipliers", 64L));
        DesignPoint p100 = new DesignPoint(Map.of("multipliers", 100L));
        assertNull(ev.invalidReason(p64));
        String why = ev.invalidReason(p100);
        assertNotNull(why);
        assertTrue(why.contains("compute.qkMultipliers"), why);

        Evaluators.register("spatten-quality-test", c -> ev);
        DesignSpace shared = DesignSpace.parse(SPACE.replace("name: spatten-quality,", "name: spatten-quality-test,"), "q");
        var r = Explorer.explore(new EvaluationContext(shared, "", ""), SearchSettings.of(SearchSettings.Algorithm.GRID, 3, 1), 2);
        assertEquals(3, r.evaluations().size());
        assertEquals(1, ev.qualityEvaluations(), "points differing in hardware only share the quality evaluation");
        var a = r.evaluations().get(0);
        var c = r.evaluations().get(2);
        assertEquals(a.metrics(), c.metrics());
        assertTrue(a.metrics().get("quality_kl_nats") > 0 && a.metrics().get("key_keep_ratio") < 1, a.metrics().toString());
        assertNotNull(r.evaluations().get(1).error());
    }

    @Test
    void metricsTheModelDoesNotReportAreRejected() {
        DesignSpace space = DesignSpace.parse(SPACE.replace("metric: key_keep_ratio", "metric: cycles"), "bad-metric");
        var e = assertThrows(InvalidInputException.class, () -> new SpattenEvaluator(new EvaluationContext(space, "", "")));
        assertTrue(e.getMessage().contains("cycles"), e.getMessage());
        assertTrue(List.of("spatten-quality").stream().allMatch(Evaluators.names()::contains));
    }
}

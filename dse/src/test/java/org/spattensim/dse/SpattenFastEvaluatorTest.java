package org.spattensim.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.analytic.SpattenAnalyticModel;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/** Model "spatten-fast": the analytic model's metrics, under the same names as model "spatten". */
class SpattenFastEvaluatorTest {
    @Test
    void fastModelReportsTheTimingMetricsOfADirectAnalyticRun() {
        DesignSpace space = DesignSpace.parse(SpattenTimingEvaluatorTest.SPACE.replace("name: spatten,", "name: spatten-fast,"),
                "fast-test");
        SpattenEvaluator ev = new SpattenEvaluator(Explorer.context(space, "small"));
        Map<String, Double> m = ev.evaluate(new DesignPoint(Map.of("bufferLines", 1024L, "multipliers", 64L)));
        assertEquals(SpattenEvaluator.TIMING_METRICS, List.copyOf(m.keySet()));

        SpattenConfig c = SpattenPresets.load("spatten-1/8", List.of("topk.parallelism=16", "buffers.keyLines=1024",
                "buffers.valueLines=1024", "compute.qkMultipliers=64", "compute.pvMultipliers=64"));
        SpattenRun ref = new SpattenAnalyticModel(c).run(DecisionDrivenProducer.from(BundledSpattenWorkloads.load("small"), c));
        assertEquals(ref.totalCycles(), m.get("cycles").longValue());
        assertEquals(ref.energyPj() * 1e-12, m.get("energy_j"), 1e-18);
        assertTrue(m.get("cycles") > 0);
    }

    @Test
    void cachedOverridesBindAsTheConfigLoaderDoesAndBadKeysAreNamed() {
        DesignSpace space = DesignSpace.loadNamedOrFile("spatten-1-8-fast");
        SpattenEvaluator ev = new SpattenEvaluator(Explorer.context(space, "small"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            double[] u = new double[space.parameters().size()];
            for (int j = 0; j < u.length; j++) {
                u[j] = rng.nextDouble();
            }
            List<String> overrides = space.overrides(space.decode(u));
            SpattenConfig direct = SpattenPresets.load("spatten-1/8", overrides);
            assertEquals(direct, ev.config(overrides), overrides.toString());
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> ev.config(List.of("compute.noSuchKey=3")));
        assertTrue(e.getMessage().contains("compute.noSuchKey"), e.getMessage());
        var bad = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> ev.config(List.of("compute.qkMultipliers=100")));
        assertTrue(bad.getMessage().contains("compute.qkMultipliers"), bad.getMessage());
    }

    @Test
    void bundledFastSpaceUsesTheFastModel() {
        DesignSpace fast = DesignSpace.loadNamedOrFile("spatten-1-8-fast");
        DesignSpace cycle = DesignSpace.loadNamedOrFile("spatten-1-8");
        assertEquals(SpattenEvaluator.FAST_MODEL, fast.model().name());
        assertEquals(cycle.parameters().size(), fast.parameters().size());
        assertEquals(cycle.objectives(), fast.objectives());
    }
}

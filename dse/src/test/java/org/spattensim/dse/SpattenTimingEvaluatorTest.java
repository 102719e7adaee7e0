package org.spattensim.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/** Model "spatten" on the bundled one-task SpAtten workload ("small"): fast enough for a unit test. */
class SpattenTimingEvaluatorTest {
    static final String SPACE = """
            name: timing-test
            model: {name: spatten, base: spatten-1/8, set: [topk.parallelism=16]}
            parameters:
              bufferLines: {type: choice, values: [1024, 2048], keys: [buffers.keyLines, buffers.valueLines]}
              multipliers: {type: choice, values: [64, 128], keys: [compute.qkMultipliers, compute.pvMultipliers]}
            objectives:
              - {metric: cycles}
              - {metric: energy_j}
              - {metric: area_mm2}
            """;

    @Test
    void metricsEqualADirectModelRunAndDecisionsAreSharedAcrossHardwareOnlyChanges() {
        DesignSpace space = DesignSpace.parse(SPACE, "timing-test");
        EvaluationContext ctx = Explorer.context(space, "small");
        assertEquals(BundledSpattenWorkloads.byName("small").sha256(), ctx.workloadHash());
        SpattenEvaluator ev = new SpattenEvaluator(ctx);
        DesignPoint p = new DesignPoint(Map.of("bufferLines", 2048L, "multipliers", 128L));
        Map<String, Double> m = ev.evaluate(p);

        SpattenConfig c = SpattenPresets.load("spatten-1/8", List.of("topk.parallelism=16", "buffers.keyLines=2048",
                "buffers.valueLines=2048", "compute.qkMultipliers=128", "compute.pvMultipliers=128"));
        SpattenRun ref = new SpattenTimingModel(c).run(DecisionDrivenProducer.from(BundledSpattenWorkloads.load("small"), c));
        assertEquals(ref.totalCycles(), m.get("cycles").longValue());
        assertEquals(ref.energyPj() * 1e-12, m.get("energy_j"), 1e-18);
        assertEquals(ref.areaMm2(), m.get("area_mm2"));
        assertEquals(ref.energyPj() * 1e-12 / ref.seconds(), m.get("power_w"), 1e-9);

        Evaluators.register("spatten-timing-test", x -> ev);
        DesignSpace shared = DesignSpace.parse(SPACE.replace("name: spatten,", "name: spatten-timing-test,"), "t");
        var r = Explorer.explore(new EvaluationContext(shared, "small", ""), SearchSettings.of(SearchSettings.Algorithm.GRID, 4, 1), 2);
        assertEquals(4, r.evaluations().size());
        // Buffers do not change the decisions, multipliers (the top-k fill rate) do: 2 distinct decision sets.
        assertEquals(2, ev.workloadDecisions());
        assertTrue(r.front().size() >= 1);
        double a64 = r.evaluations().stream().filter(e -> e.point().number("multipliers") == 64).findFirst().orElseThrow()
                .metrics().get("area_mm2");
        assertTrue(m.get("area_mm2") > a64, "more multipliers, more area");
    }

    @Test
    void aListElementCanBeAnAxisOnceModelSetGivesTheList() {
        DesignSpace space = DesignSpace.parse("""
                name: per-layer
                model: {name: spatten-quality, base: spatten-1/8, set: ["pruning.token.perLayer=[0.1, 0.1, 0.1]"]}
                parameters:
                  layer1: {type: choice, values: [0.2, 0.3], keys: ["pruning.token.perLayer[1]"]}
                objectives:
                  - {metric: quality_kl_nats}
                """, "per-layer");
        SpattenEvaluator ev = new SpattenEvaluator(Explorer.context(space, ""));
        DesignPoint p = new DesignPoint(Map.of("layer1", 0.3));
        assertEquals(List.of(0.1, 0.3, 0.1), ev.config(space.overrides(p)).pruning().token().perLayer());
        assertEquals(List.of(0.1, 0.2, 0.1),
                ev.config(space.overrides(new DesignPoint(Map.of("layer1", 0.2)))).pruning().token().perLayer());
        String m = assertThrows(InvalidInputException.class,
                () -> ev.config(List.of("pruning.token.perLayer=[0.1]", "pruning.token.perLayer[2]=0.5"))).getMessage();
        assertTrue(m.contains("perLayer[2]") && m.contains("1 element"), m);
        // The timing model on a SpAtten workload CSV would ignore every pruning key: refused before any point.
        DesignSpace timing = DesignSpace.parse(space.yaml().replace("spatten-quality", "spatten")
                .replace("quality_kl_nats", "cycles"), "per-layer-timing");
        m = assertThrows(InvalidInputException.class,
                () -> new SpattenEvaluator(Explorer.context(timing, "small"))).getMessage();
        assertTrue(m.contains("pruning.token.perLayer") && m.contains("--trace"), m);
    }
}

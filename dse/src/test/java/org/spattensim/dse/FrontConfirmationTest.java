package org.spattensim.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.exec.PointExecutor;
import org.spattensim.dse.output.FrontFiles;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.store.ResultStore;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/** The explorer re-evaluates a fast model's front with its reference model, stores both and reports the error. */
class FrontConfirmationTest {
    @TempDir
    Path dir;

    /** A "fast" ZDT1 that overestimates f2 by exactly 5% (and f1 not at all), confirmed by the exact ZDT1. */
    static final String FAST = "test-zdt1-fast";

    static EvaluationContext fastZdt1() {
        Evaluators.register(FAST, ctx -> {
            Evaluator exact = new AnalyticEvaluator(new EvaluationContext(ctx.space().withModelName("analytic-zdt1"), "", ""));
            return p -> {
                Map<String, Double> m = new LinkedHashMap<>(exact.evaluate(p));
                m.put("f2", m.get("f2") * 1.05);
                return m;
            };
        });
        Evaluators.registerConfirmation(FAST, "analytic-zdt1");
        String yaml = DesignSpace.loadNamedOrFile("zdt1").yaml().replace("name: analytic-zdt1", "name: " + FAST);
        return Explorer.context(DesignSpace.parse(yaml, "zdt1-fast"), "");
    }

    @Test
    void frontCarriesReferenceValuesAndTheSurrogateErrorAndResumeReadsThemBack() throws Exception {
        EvaluationContext ctx = fastZdt1();
        assertTrue(Explorer.needsConfirmation(ctx));
        SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, 200, 3);
        Path db = dir.resolve("r.db");
        ExplorationResult r;
        try (ResultStore store = ResultStore.create(db, Explorer.runInfo(ctx, s));
             PointExecutor ex = new LocalExecutor(Evaluators.shared(ctx), 2);
             PointExecutor ref = new LocalExecutor(Evaluators.shared(Explorer.referenceContext(ctx)), 2)) {
            r = Explorer.confirm(ctx, Explorer.explore(ctx, s, ex, store, null), ref, store);
        }
        FrontConfirmation c = r.confirmation().orElseThrow();
        assertEquals("analytic-zdt1", c.referenceModel());
        assertEquals(r.front().size(), c.points().size());
        assertEquals(r.front().size(), c.evaluatedNow());
        for (FrontConfirmation.Point p : c.points()) {
            assertEquals(p.surrogate().metrics().get("f1"), p.reference().metrics().get("f1"));
            assertEquals(0.05, p.relativeError("f2"), 1e-12);
        }
        assertEquals(0.05, c.medianAbsError("f2"), 1e-12);
        assertEquals(0.0, c.maxAbsError("f1"), 0);
        // A uniform 5% on one objective keeps the order: every front point stays non-dominated.
        assertEquals(r.front().size(), c.referenceFront(r.space()).size());

        FrontFiles.write(r, dir.resolve("out"));
        List<String> lines = Files.readAllLines(dir.resolve("out/front.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(r.front().size() + 1, lines.size());
        int ref = header.indexOf("reference.f2");
        int err = header.indexOf("surrogate_error.f2");
        int f2 = header.indexOf("f2");
        assertTrue(ref > 0 && err > 0 && header.contains("reference_non_dominated"), header.toString());
        for (int i = 1; i < lines.size(); i++) {
            String[] row = lines.get(i).split(",");
            assertEquals(Double.parseDouble(row[f2]), Double.parseDouble(row[ref]) * 1.05, 1e-12);
            assertEquals(0.05, Double.parseDouble(row[err]), 1e-12);
        }
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("out/front.json").toFile());
        assertEquals("analytic-zdt1", json.get("confirmation").get("reference_model").asText());
        assertEquals(0.05, json.get("confirmation").get("surrogate_error").get("f2").get("medianAbs").asDouble(), 1e-12);
        assertEquals(0.05, json.get("front").get(0).get("surrogate_error").get("f2").asDouble(), 1e-12);

        // Resumed: the search and the confirmation come from the store, nothing is evaluated again.
        try (ResultStore store = ResultStore.open(db);
             PointExecutor ex = new LocalExecutor(Evaluators.shared(ctx), 1);
             PointExecutor refEx = new LocalExecutor(p -> {
                 throw new AssertionError("re-evaluated " + p);
             }, 1)) {
            ExplorationResult again = Explorer.confirm(ctx, Explorer.explore(ctx, s, ex, store, null), refEx, store);
            assertEquals(0, again.evaluatedNow());
            assertEquals(0, again.confirmation().orElseThrow().evaluatedNow());
            assertEquals(FrontFiles.frontCsv(r), FrontFiles.frontCsv(again));
        }
    }

    @Test
    void plainModelsNeedNoConfirmation() {
        assertFalse(Explorer.needsConfirmation(Explorer.context(DesignSpace.loadNamedOrFile("zdt1"), "")));
        assertTrue(Explorer.needsConfirmation(Explorer.context(DesignSpace.loadNamedOrFile("spatten-1-8-fast"), "small")));
    }

    /** spatten-fast's front is confirmed by the cycle-level model: the reference metrics equal a direct run. */
    @Test
    void spattenFastFrontIsConfirmedByTheCycleLevelModel() {
        DesignSpace space = DesignSpace.parse(SpattenTimingEvaluatorTest.SPACE.replace("name: spatten,", "name: spatten-fast,"),
                "fast-test");
        EvaluationContext ctx = Explorer.context(space, "small");
        ExplorationResult r = Explorer.exploreAndConfirm(ctx, SearchSettings.of(SearchSettings.Algorithm.GRID, 4, 1), 2);
        FrontConfirmation c = r.confirmation().orElseThrow();
        assertEquals("spatten", c.referenceModel());
        for (FrontConfirmation.Point p : c.points()) {
            long lines = (long) p.surrogate().point().number("bufferLines");
            long mult = (long) p.surrogate().point().number("multipliers");
            SpattenConfig cfg = SpattenPresets.load("spatten-1/8", List.of("topk.parallelism=16", "buffers.keyLines=" + lines,
                    "buffers.valueLines=" + lines, "compute.qkMultipliers=" + mult, "compute.pvMultipliers=" + mult));
            SpattenRun cycle = new SpattenTimingModel(cfg).run(DecisionDrivenProducer.from(BundledSpattenWorkloads.load("small"), cfg));
            assertEquals(cycle.totalCycles(), p.reference().metrics().get("cycles").longValue());
            assertEquals(p.surrogate().metrics().get("cycles") / cycle.totalCycles() - 1, p.relativeError("cycles"), 1e-12);
        }
    }
}

package org.spattensim.accel.spatten.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.analytic.SpattenAnalyticModel;
import org.spattensim.accel.spatten.functional.InMemoryAttentionSource;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/**
 * What the KV policies cost the hardware: Quest's page metadata reads in closed form, the same bytes in the
 * cycle-level and the analytic model, a wait for them before the layer's first task; and the configuration refusals.
 */
class KvPolicyTimingTest {
    static final int LAYERS = 4;
    static final int HQ = 4;
    static final int HKV = 2;
    static final int D = 64;
    static final int PROMPT = 200;
    static final int T = PROMPT + 3;

    static InMemoryAttentionSource source() {
        return InMemoryAttentionSource.random(7, LAYERS, HQ, HKV, D, T, PROMPT, true, 1.0);
    }

    static SpattenConfig config(String policy, String... more) {
        List<String> o = new java.util.ArrayList<>(List.of("pruning.headPruning=false", "pruning.valuePruning=false",
                "pruning.policy=" + policy, "pruning.kv.budget=64"));
        o.addAll(List.of(more));
        return SpattenPresets.load("spatten-1/8", o);
    }

    @Test
    void questReadsTwoMetadataRowsPerFullPageAndKvHeadInEveryRankedLayer() {
        SpattenConfig c = config("quest");
        Workload w = new SpattenFunctionalModel(c, false).run(source()).workload();
        long rows = 0;
        for (int j = 0; j < w.size(); j++) {
            rows += w.metadataRows(j);
        }
        // Steps at positions 200..202: 13 pages, 12 full; layers 2..3 ranked (Quest keeps the first two dense).
        long expected = 0;
        for (int pos = PROMPT; pos < T; pos++) {
            int fullPages = (pos + 1 + 15) / 16 - 1;
            expected += 2L * fullPages * HKV * (LAYERS - 2);
        }
        assertEquals(expected, rows);
        SpattenRun r = new SpattenTimingModel(c).run(w);
        int stride = 64 * (c.quant().keyMsbBits() + c.quant().keyLsbBits()) / 8;
        int strideRounded = (stride + 31) / 32 * 32;
        assertEquals(expected * strideRounded, r.stats().counterValue("dram_bytes.page_metadata"));
        assertEquals(expected, r.stats().counterValue("selection.metadata_rows"));
        SpattenRun fast = new SpattenAnalyticModel(c).run(w);
        assertEquals(r.stats().counterValue("dram_bytes.page_metadata"), fast.stats().counterValue("dram_bytes.page_metadata"));
    }

    @Test
    void policiesKeepTheirBudgetAndOnlyQuestReadsMetadata() {
        for (String p : List.of("streaming-llm", "spatten-llm", "h2o", "quest")) {
            SpattenConfig c = config(p);
            Workload w = new SpattenFunctionalModel(c, false).run(source()).workload();
            SpattenRun r = new SpattenTimingModel(c).run(w);
            for (int j = 0; j < w.size(); j++) {
                boolean dense = p.equals("quest") && w.layer(j) < 2;
                assertTrue(dense ? w.keptKeys(j) == w.contextLength(j) : w.keptKeys(j) <= 64,
                        p + ": task " + j + " keeps " + w.keptKeys(j) + " of " + w.contextLength(j));
            }
            long meta = r.stats().counterValue("dram_bytes.page_metadata");
            assertEquals(p.equals("quest"), meta > 0, p + " page metadata bytes " + meta);
            assertTrue(r.stats().value("selection.key_keep_share") < 0.8, p);
        }
    }

    @Test
    void rankingPoliciesSpendTopKCyclesAndStreamingLlmNone() {
        for (String p : List.of("streaming-llm", "spatten-llm", "h2o", "quest")) {
            Workload w = new SpattenFunctionalModel(config(p), false).run(source()).workload();
            long topk = 0;
            for (int j = 0; j < w.size(); j++) {
                topk += w.tokenTopKCycles(j);
            }
            assertEquals(!p.equals("streaming-llm"), topk > 0, p + " token top-k cycles " + topk);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SpattenPresets.load("spatten", List.of("pruning.policy=lru")));
        assertTrue(e.getMessage().contains("pruning.policy") && e.getMessage().contains("h2o"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SpattenPresets.load("spatten", List.of("pruning.kv.budgetFraction=1.5")));
        assertTrue(e.getMessage().contains("pruning.kv.budgetFraction"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SpattenPresets.load("spatten", List.of("pruning.kv.pageSize=0")));
        assertTrue(e.getMessage().contains("pruning.kv.pageSize"), e.getMessage());
        // A prefill pass has no decode steps to select for.
        InMemoryAttentionSource prefill = InMemoryAttentionSource.random(1, 2, 2, 2, 64, 32, 32, false, 1.0);
        e = assertThrows(InvalidInputException.class,
                () -> new SpattenFunctionalModel(config("h2o"), false).run(prefill));
        assertTrue(e.getMessage().contains("pruning.policy") && e.getMessage().contains("decode"), e.getMessage());
        // A SpAtten workload CSV holds no keys to select from.
        e = assertThrows(InvalidInputException.class, () -> DecisionDrivenProducer.from(
                BundledSpattenWorkloads.load("small"), config("quest")));
        assertTrue(e.getMessage().contains("pruning.policy"), e.getMessage());
    }

    @Test
    void registryListsEveryPolicyAndRefusesATakenName() {
        assertEquals(List.of("cascade", "streaming-llm", "spatten-llm", "h2o", "quest"), KvPolicies.names().subList(0, 5));
        assertThrows(IllegalArgumentException.class, () -> KvPolicies.register("h2o", StreamingLlmPolicy::new));
        assertThrows(IllegalArgumentException.class, () -> KvPolicies.register("cascade", StreamingLlmPolicy::new));
    }
}

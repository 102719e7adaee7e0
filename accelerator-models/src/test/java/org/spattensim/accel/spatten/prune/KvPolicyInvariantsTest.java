package org.spattensim.accel.spatten.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.functional.InMemoryAttentionSource;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * Seeded random shapes (MHA, GQA, MQA; prompts of 1 to 90 tokens) and policy settings (budgets below and above the
 * context, sinks beyond the budget, recent shares 0 and 1, pages longer than the context, dense layers beyond the
 * model, every prompt query observed): every policy keeps ascending distinct positions of the context, the step's own
 * token among them, at most its budget outside its dense layers (Quest: whole pages of it), and the timing model runs
 * the result.
 */
class KvPolicyInvariantsTest {
    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        Random r = new Random(16);
        String[] policies = {"streaming-llm", "spatten-llm", "h2o", "quest"};
        for (int i = 0; i < 48; i++) {
            out.add(new Object[] {policies[i % 4], r.nextLong()});
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void keptKeysAreAValidSelectionWithinTheBudget(String policy, long seed) {
        Random r = new Random(seed);
        int hkv = new int[] {1, 2, 4}[r.nextInt(3)];
        int hq = hkv * new int[] {1, 2, 4}[r.nextInt(3)];
        int layers = 1 + r.nextInt(4);
        int prompt = 1 + r.nextInt(90);
        int steps = 1 + r.nextInt(4);
        int budget = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(prompt + steps + 10);
        int sinks = r.nextInt(8);
        double recent = new double[] {0, 0.25, 0.5, 1}[r.nextInt(4)];
        int page = new int[] {1, 4, 16, 128}[r.nextInt(4)];
        int dense = r.nextInt(6) - 1;
        int promptQueries = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(40);
        List<String> o = List.of("pruning.headPruning=" + r.nextBoolean(), "pruning.valuePruning=" + r.nextBoolean(),
                "pruning.policy=" + policy, "pruning.kv.budget=" + budget, "pruning.kv.budgetFraction=0.3",
                "pruning.kv.sinkTokens=" + sinks, "pruning.kv.recentShare=" + recent, "pruning.kv.pageSize=" + page,
                "pruning.kv.denseLayers=" + dense, "pruning.kv.promptQueries=" + promptQueries,
                "quant.enabled=" + (r.nextBoolean() ? "true" : "false, quant.progressive=false"));
        List<String> sets = new ArrayList<>();
        for (String x : o) {
            sets.addAll(List.of(x.split(", ")));
        }
        SpattenConfig c = SpattenPresets.load("spatten-1/8", sets);
        InMemoryAttentionSource src = InMemoryAttentionSource.random(seed, layers, hq, hkv, 64, prompt + steps, prompt,
                true, 1 + r.nextDouble() * 2);
        Workload w = new SpattenFunctionalModel(c, false).run(src).workload();
        assertEquals(steps * layers * hq, w.size());
        int publishedDense = policy.equals("quest") ? 2 : 0;
        int denseLayers = dense >= 0 ? dense : publishedDense;
        for (int j = 0; j < w.size(); j++) {
            if (w.headPruned(j)) {
                continue;
            }
            int pos = w.query(j);
            int[] keys = w.keyIndices(j);
            String at = policy + " " + o + ": task " + j + " (layer " + w.layer(j) + ", position " + pos + ")";
            assertTrue(keys.length >= 1 && keys[keys.length - 1] == pos, at + ": the step's own token is kept");
            for (int x = 1; x < keys.length; x++) {
                assertTrue(keys[x] > keys[x - 1] && keys[x - 1] >= 0, at + ": ascending, distinct");
            }
            int n = pos + 1;
            int b = budget > 0 ? budget : (int) Math.max(1, Math.ceil(0.3 * n - 1e-9));
            if (w.layer(j) >= denseLayers) {
                int limit = policy.equals("quest") ? Math.max(1, b / page) * page : b;
                assertTrue(keys.length <= Math.max(limit, Math.min(n, b)) || n <= b, at + ": " + keys.length
                        + " keys over budget " + b);
            } else {
                assertEquals(n, keys.length, at + ": dense layer");
            }
        }
        SpattenRun run = new SpattenTimingModel(c).run(w);
        assertTrue(run.totalCycles() > 0);
    }
}

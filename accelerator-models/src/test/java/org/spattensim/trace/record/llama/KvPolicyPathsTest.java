package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spattensim.accel.quality.SpattenAttentionPolicy;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.functional.AttentionSource;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.functional.TraceAttentionSource;
import org.spattensim.accel.spatten.softmax.SoftmaxUnit;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;

/**
 * The KV-cache policies on a trace recorded from the bundled real model (5 layers, 8 query heads over 4 KV heads):
 * <ul>
 *   <li>the timing path's kept keys ({@link SpattenFunctionalModel}) equal an independent, straightforward
 *       implementation of each policy's published rule written here (lists, full sorts, everything recomputed);</li>
 *   <li>the quality path ({@link SpattenAttentionPolicy}, driven through a {@link HeadContext} over the same cache,
 *       the way the model drives it, prompt positions included) keeps the same keys at every step.</li>
 * </ul>
 * Quantization, head and value pruning are off so both paths see the same numbers; the budget is small enough that
 * every policy evicts or ranks at most steps.
 */
class KvPolicyPathsTest {
    static final int BUDGET = 24;
    static final int SINKS = 4;
    static final double RECENT_SHARE = 0.5;
    static final int PAGE = 8;
    static final int PROMPT_QUERIES = 3;

    @TempDir
    static Path dir;
    static AttentionSource src;

    @BeforeAll
    static void record() {
        DecodeRecorder rec = new DecodeRecorder(RecorderModel.loadDefault());
        Generation g = rec.generate("One day, a little girl named Lily went to the park with", 56, TokenSampler.greedy());
        Path trace = dir.resolve("stories.safetensors");
        rec.writeDecodeTrace(g, trace, TraceDType.F32);
        src = TraceAttentionSource.load(trace);
        assertTrue(src.promptLength() > PROMPT_QUERIES, "prompt of " + src.promptLength() + " tokens");
        assertTrue(src.kvHeads() < src.queryHeads(), "the bundled model has grouped-query attention");
    }

    static SpattenConfig config(String policy) {
        return SpattenPresets.load("spatten", List.of("quant.enabled=false", "quant.progressive=false",
                "pruning.headPruning=false", "pruning.valuePruning=false", "pruning.policy=" + policy,
                "pruning.kv.budget=" + BUDGET, "pruning.kv.sinkTokens=" + SINKS,
                "pruning.kv.recentShare=" + RECENT_SHARE, "pruning.kv.pageSize=" + PAGE,
                "pruning.kv.promptQueries=" + PROMPT_QUERIES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming-llm", "spatten-llm", "h2o", "quest"})
    void timingPathKeepsWhatTheStraightforwardRuleKeeps(String policy) {
        Workload w = new SpattenFunctionalModel(config(policy), false).run(src).workload();
        int[][][][] expected = new Reference(policy).keptKeys();
        int layers = src.layers();
        int hq = src.queryHeads();
        int p0 = src.promptLength();
        int steps = src.sequenceLength() - p0;
        assertEquals(steps * layers * hq, w.size());
        int pruned = 0;
        for (int i = 0; i < w.size(); i++) {
            int[] want = expected[w.step(i)][w.layer(i)][w.head(i)];
            assertArrayEquals(want, w.keyIndices(i), policy + ": step " + w.step(i) + ", layer " + w.layer(i)
                    + ", head " + w.head(i));
            pruned += w.contextLength(i) - want.length;
        }
        assertTrue(pruned > w.size() * 5, policy + " pruned " + pruned + " keys over " + w.size() + " tasks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming-llm", "spatten-llm", "h2o", "quest"})
    void qualityPathKeepsWhatTheTimingPathKeeps(String policy) {
        SpattenConfig cfg = config(policy);
        Workload w = new SpattenFunctionalModel(cfg, false).run(src).workload();
        int layers = src.layers();
        int hq = src.queryHeads();
        int hkv = src.kvHeads();
        int d = src.headDim();
        int t = src.sequenceLength();
        int p0 = src.promptLength();
        float[][] k = new float[layers][];
        float[][] v = new float[layers][];
        for (int l = 0; l < layers; l++) {
            k[l] = src.k(l);
            v[l] = src.v(l);
        }
        LlamaConfig lc = new LlamaConfig(hq * d, 4 * hq * d, layers, hq, hkv, 32, t, true);
        HeadContext ctx = new HeadContext(lc, k, v);
        SpattenAttentionPolicy policyPath = new SpattenAttentionPolicy(cfg, layers, hq, hkv, d, t, p0);
        boolean[] keep = new boolean[t];
        float[] scores = new float[t];
        float[] out = new float[d];
        int compared = 0;
        for (int pos = 0; pos < t; pos++) {
            policyPath.beginStep(pos, 0);
            for (int l = 0; l < layers; l++) {
                float[] qRow = Arrays.copyOfRange(src.q(l), pos * hq * d, (pos + 1) * hq * d);
                for (int h = 0; h < hq; h++) {
                    ctx.set(l, h, pos, qRow);
                    assertTrue(policyPath.keepHead(ctx));
                    Arrays.fill(keep, 0, pos + 1, true);
                    policyPath.selectKeys(ctx, keep);
                    if (pos >= p0) {
                        int task = ((pos - p0) * layers + l) * hq + h;
                        assertEquals(w.layer(task) * hq + w.head(task), l * hq + h);
                        assertArrayEquals(w.keyIndices(task), positions(keep, pos + 1),
                                policy + ": position " + pos + ", layer " + l + ", head " + h);
                        compared++;
                    } else {
                        assertEquals(pos + 1, positions(keep, pos + 1).length, "the prompt attends densely");
                    }
                    attend(ctx, keep, scores, policyPath);
                    policyPath.selectValues(ctx, scores);
                    Arrays.fill(out, 0);
                    policyPath.headOutput(ctx, out, 0);
                }
            }
        }
        assertEquals(w.size(), compared);
    }

    /** Scores and the datapath's softmax over the kept keys, as the model hands them to the policy. */
    private static void attend(HeadContext ctx, boolean[] keep, float[] scores, SpattenAttentionPolicy policy) {
        int n = ctx.keyCount();
        int d = ctx.headSize();
        double[] s = new double[n];
        double[] p = new double[n];
        int[] idx = new int[n];
        int m = 0;
        for (int t = 0; t < n; t++) {
            if (!keep[t]) {
                scores[t] = 0;
                continue;
            }
            double acc = 0;
            for (int e = 0; e < d; e++) {
                acc += (double) ctx.query(e) * ctx.key(t, e);
            }
            s[m] = acc / Math.sqrt(d);
            scores[t] = (float) s[m];
            idx[m++] = t;
        }
        policy.scored(ctx, scores, keep);
        SoftmaxUnit.softmax(s, m, p, false);
        Arrays.fill(scores, 0, n, 0f);
        for (int j = 0; j < m; j++) {
            scores[idx[j]] = (float) p[j];
        }
    }

    private static int[] positions(boolean[] mask, int n) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (mask[t]) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Each policy's rule written out directly from its description (docs/kv-policies.md), with lists and full sorts,
     * over the trace's exact scores. Independent of the production classes except for the datapath's softmax.
     */
    static final class Reference {
        final String policy;
        final int layers = src.layers();
        final int hq = src.queryHeads();
        final int hkv = src.kvHeads();
        final int group = hq / hkv;
        final int d = src.headDim();
        final int t = src.sequenceLength();
        final int p0 = src.promptLength();

        Reference(String policy) {
            this.policy = policy;
        }

        /** [step][layer][head] -> kept positions, ascending. */
        int[][][][] keptKeys() {
            int[][][][] out = new int[t - p0][layers][hq][];
            for (int l = 0; l < layers; l++) {
                for (int g = 0; g < hkv; g++) {
                    switch (policy) {
                        case "streaming-llm" -> streaming(l, g, out);
                        case "h2o" -> h2o(l, g, out);
                        case "spatten-llm" -> spattenLlm(l, g, out);
                        case "quest" -> quest(l, g, out);
                        default -> throw new AssertionError(policy);
                    }
                }
            }
            return out;
        }

        double score(int l, int h, int pos, int key) {
            float[] q = src.q(l);
            float[] k = src.k(l);
            double acc = 0;
            for (int e = 0; e < d; e++) {
                acc += (double) q[(pos * hq + h) * d + e] * k[(key * hkv + h / group) * d + e];
            }
            return acc / Math.sqrt(d);
        }

        /** The datapath's probabilities of query (l, h, pos) over the given keys. */
        double[] probs(int l, int h, int pos, List<Integer> keys) {
            double[] s = new double[keys.size()];
            for (int j = 0; j < s.length; j++) {
                s[j] = score(l, h, pos, keys.get(j));
            }
            double[] p = new double[s.length];
            SoftmaxUnit.softmax(s, s.length, p, false);
            return p;
        }

        void streaming(int l, int g, int[][][][] out) {
            for (int pos = p0; pos < t; pos++) {
                int n = pos + 1;
                List<Integer> keep = new ArrayList<>();
                for (int x = 0; x < n; x++) {
                    boolean sink = x < Math.min(SINKS, BUDGET - 1);
                    boolean window = x >= n - (BUDGET - Math.min(SINKS, BUDGET - 1));
                    if (n <= BUDGET || sink || window) {
                        keep.add(x);
                    }
                }
                put(out, pos, l, g, keep);
            }
        }

        void h2o(int l, int g, int[][][][] out) {
            double[] acc = new double[t];
            List<Integer> cache = new ArrayList<>();
            for (int pos = 0; pos < t; pos++) {
                if (pos >= p0) {
                    int limit = BUDGET - 1;
                    if (cache.size() > limit) {
                        int recent = (int) Math.round(RECENT_SHARE * limit);
                        List<Integer> older = new ArrayList<>(cache.subList(0, cache.size() - recent));
                        older.sort(Comparator.comparingDouble((Integer x) -> -acc[x]));
                        List<Integer> next = new ArrayList<>(older.subList(0, limit - recent));
                        next.addAll(cache.subList(cache.size() - recent, cache.size()));
                        next.sort(null);
                        cache = next;
                    }
                }
                cache.add(pos);
                if (pos >= p0) {
                    put(out, pos, l, g, cache);
                }
                if (pos >= p0 - PROMPT_QUERIES) {
                    for (int h = g * group; h < (g + 1) * group; h++) {
                        double[] p = probs(l, h, pos, cache);
                        for (int j = 0; j < p.length; j++) {
                            acc[cache.get(j)] += p[j];
                        }
                    }
                }
            }
        }

        void spattenLlm(int l, int g, int[][][][] out) {
            double[] importance = new double[t];
            List<Integer> cache = new ArrayList<>();
            for (int pos = 0; pos < t; pos++) {
                if (pos >= p0 && cache.size() + 1 > BUDGET) {
                    int start = Math.min(SINKS, BUDGET - 1);
                    int rest = BUDGET - start;
                    int recent = Math.max(1, (int) Math.round(RECENT_SHARE * rest));
                    int important = rest - recent;
                    int size = cache.size();
                    List<Integer> middle = new ArrayList<>(cache.subList(start, size - recent + 1));
                    middle.sort(Comparator.comparingDouble((Integer x) -> -importance[x]));
                    List<Integer> next = new ArrayList<>(cache.subList(0, start));
                    List<Integer> top = new ArrayList<>(middle.subList(0, important));
                    top.sort(null);
                    next.addAll(top);
                    next.addAll(cache.subList(size - recent + 1, size));
                    cache = next;
                }
                cache.add(pos);
                if (pos >= p0) {
                    put(out, pos, l, g, cache);
                }
                if (pos >= p0 - 1) {
                    // The last forward's scaled scores, summed over the KV head's query heads, replace the old ones.
                    Arrays.fill(importance, 0);
                    for (int h = g * group; h < (g + 1) * group; h++) {
                        for (int key : cache) {
                            importance[key] += score(l, h, pos, key);
                        }
                    }
                }
            }
        }

        void quest(int l, int g, int[][][][] out) {
            float[] k = src.k(l);
            float[] q = src.q(l);
            for (int pos = p0; pos < t; pos++) {
                int n = pos + 1;
                int pages = (n + PAGE - 1) / PAGE;
                int chosen = Math.max(1, BUDGET / PAGE);
                for (int h = g * group; h < (g + 1) * group; h++) {
                    List<Integer> keep = new ArrayList<>();
                    if (l < 2 || n <= BUDGET || chosen >= pages) {
                        for (int x = 0; x < n; x++) {
                            keep.add(x);
                        }
                    } else {
                        double[] bound = new double[pages - 1];
                        List<Integer> order = new ArrayList<>();
                        for (int p = 0; p < pages - 1; p++) {
                            double b = 0;
                            for (int e = 0; e < d; e++) {
                                float lo = Float.POSITIVE_INFINITY;
                                float hi = Float.NEGATIVE_INFINITY;
                                for (int x = p * PAGE; x < (p + 1) * PAGE; x++) {
                                    lo = Math.min(lo, k[(x * hkv + g) * d + e]);
                                    hi = Math.max(hi, k[(x * hkv + g) * d + e]);
                                }
                                double qe = q[(pos * hq + h) * d + e];
                                b += Math.max(qe * lo, qe * hi);
                            }
                            bound[p] = b;
                            order.add(p);
                        }
                        order.sort(Comparator.comparingDouble((Integer p) -> -bound[p]));
                        List<Integer> picked = new ArrayList<>(order.subList(0, chosen - 1));
                        picked.add(pages - 1);
                        picked.sort(null);
                        for (int p : picked) {
                            for (int x = p * PAGE; x < Math.min(n, (p + 1) * PAGE); x++) {
                                keep.add(x);
                            }
                        }
                    }
                    out[pos - p0][l][h] = keep.stream().mapToInt(Integer::intValue).toArray();
                }
            }
        }

        void put(int[][][][] out, int pos, int l, int g, List<Integer> keep) {
            int[] a = keep.stream().mapToInt(Integer::intValue).toArray();
            for (int h = g * group; h < (g + 1) * group; h++) {
                out[pos - p0][l][h] = a;
            }
        }
    }
}

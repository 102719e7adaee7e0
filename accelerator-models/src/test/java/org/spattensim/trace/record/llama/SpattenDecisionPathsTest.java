package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.quality.SpattenAttentionPolicy;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.functional.FunctionalResult;
import org.spattensim.accel.spatten.functional.InMemoryAttentionSource;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * The timing path ({@link SpattenFunctionalModel}) and the quality path ({@link SpattenAttentionPolicy}, driven here
 * the way the model drives it, through a {@link HeadContext} over the same cached Q/K/V) fed the same recorded
 * decode step keep the same tokens, heads and value rows in every layer. (In this package to build the context the
 * model would.)
 */
class SpattenDecisionPathsTest {
    static final int LAYERS = 4;
    static final int HQ = 4;
    static final int HKV = 2;
    static final int D = 8;
    static final int POS = 40;
    static final int T = POS + 1;

    @Test
    void bothPathsKeepTheSameTokensHeadsAndValues() {
        Random rnd = new Random(5);
        float[][] q = new float[LAYERS][T * HQ * D];
        float[][] k = new float[LAYERS][T * HKV * D];
        float[][] v = new float[LAYERS][T * HKV * D];
        for (int l = 0; l < LAYERS; l++) {
            fill(q[l], rnd, 1.5);
            fill(k[l], rnd, 1.0);
            fill(v[l], rnd, 1.0);
        }
        // quant off: the quality path quantizes keys only, the timing path also queries and values; pruning starts at
        // layer 1 with a short recent window so every layer after the first ranks tokens and heads.
        SpattenConfig cfg = SpattenPresets.load("spatten", List.of("quant.enabled=false", "quant.progressive=false",
                "pruning.token.skipFraction=0.25", "pruning.token.average=0.25", "pruning.token.start=0.2",
                "pruning.head.skipFraction=0.25", "pruning.head.average=0.25", "pruning.head.start=0.2",
                "pruning.keepRecent=2", "pruning.valuePruneRatio=0.5"));

        // Timing path: the trace's one decode step (prompt POS, position POS).
        FunctionalResult f = new SpattenFunctionalModel(cfg, false).run(new InMemoryAttentionSource("same step", HQ,
                HKV, D, T, POS, true, q, k, v));
        Workload w = f.workload();

        // Quality path: the policy called as LlamaModel calls it, on the same cache.
        LlamaConfig lc = new LlamaConfig(HQ * D, 4 * HQ * D, LAYERS, HQ, HKV, 32, T, true);
        HeadContext ctx = new HeadContext(lc, k, v);
        SpattenAttentionPolicy policy = new SpattenAttentionPolicy(cfg, LAYERS, HQ, HKV, D, T);
        policy.beginStep(POS, 0);
        boolean[] keep = new boolean[T];
        float[] probs = new float[T];
        float[] out = new float[D];
        int compared = 0;
        int prunedTokens = 0;
        int prunedHeads = 0;
        for (int l = 0; l < LAYERS; l++) {
            float[] qRow = Arrays.copyOfRange(q[l], POS * HQ * D, (POS + 1) * HQ * D);
            for (int h = 0; h < HQ; h++) {
                ctx.set(l, h, POS, qRow);
                int task = taskOf(w, l, h);
                boolean kept = policy.keepHead(ctx);
                assertEquals(!w.headPruned(task), kept, "head " + h + " of layer " + l);
                if (!kept) {
                    prunedHeads++;
                    continue;
                }
                policy.selectKeys(ctx, keep);
                assertArrayEquals(w.keyIndices(task), positions(keep, T), "kept keys, layer " + l + " head " + h);
                prunedTokens += T - w.keyIndices(task).length;
                softmax(ctx, keep, probs);
                policy.selectValues(ctx, probs);
                boolean[] valueKept = new boolean[T];
                for (int t = 0; t < T; t++) {
                    valueKept[t] = keep[t] && probs[t] != 0;
                }
                assertArrayEquals(w.valueIndices(task), positions(valueKept, T), "kept values, layer " + l + " head " + h);
                Arrays.fill(out, 0);
                for (int t = 0; t < T; t++) {
                    for (int e = 0; e < D; e++) {
                        out[e] += probs[t] * ctx.value(t, e);
                    }
                }
                policy.headOutput(ctx, out, 0);
                compared++;
            }
        }
        assertTrue(prunedTokens > 0 && prunedHeads > 0, "the step exercises token and head pruning: tokens "
                + prunedTokens + ", heads " + prunedHeads);
        assertTrue(compared >= LAYERS * HQ / 2, "compared " + compared);
    }

    private static void fill(float[] a, Random rnd, double scale) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (scale * rnd.nextGaussian());
        }
    }

    private static int taskOf(Workload w, int layer, int head) {
        for (int i = 0; i < w.size(); i++) {
            if (w.layer(i) == layer && w.head(i) == head) {
                return i;
            }
        }
        throw new AssertionError("no task for layer " + layer + " head " + head);
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

    /** The model's attention over the kept keys (float, as the model computes it), pruned keys at zero. */
    private static void softmax(HeadContext ctx, boolean[] keep, float[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        double[] s = new double[T];
        for (int t = 0; t < T; t++) {
            if (!keep[t]) {
                continue;
            }
            double dot = 0;
            for (int e = 0; e < D; e++) {
                dot += ctx.query(e) * ctx.key(t, e);
            }
            s[t] = dot / Math.sqrt(D);
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        for (int t = 0; t < T; t++) {
            s[t] = keep[t] ? Math.exp(s[t] - max) : 0;
            sum += s[t];
        }
        for (int t = 0; t < T; t++) {
            probs[t] = (float) (s[t] / sum);
        }
    }
}

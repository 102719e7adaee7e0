package org.spattensim.accel.spatten.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.prune.LayerSchedule;
import org.spattensim.accel.spatten.workload.Workload;

class SpattenFunctionalModelTest {

    /** Independent naive causal attention in float64 for (layer, head, query). */
    private static double[] naive(AttentionSource s, int l, int h, int qp) {
        int d = s.headDim();
        int hq = s.queryHeads();
        int hkv = s.kvHeads();
        int kh = h / (hq / hkv);
        double[] sc = new double[qp + 1];
        for (int j = 0; j <= qp; j++) {
            for (int e = 0; e < d; e++) {
                sc[j] += (double) s.q(l)[(qp * hq + h) * d + e] * s.k(l)[(j * hkv + kh) * d + e];
            }
            sc[j] /= Math.sqrt(d);
        }
        double m = Arrays.stream(sc).max().orElseThrow();
        double z = Arrays.stream(sc).map(x -> Math.exp(x - m)).sum();
        double[] o = new double[d];
        for (int j = 0; j <= qp; j++) {
            double p = Math.exp(sc[j] - m) / z;
            for (int e = 0; e < d; e++) {
                o[e] += p * s.v(l)[(j * hkv + kh) * d + e];
            }
        }
        return o;
    }

    @Test
    void denseFullPrecisionEqualsTheFloat64Reference() {
        SpattenConfig dense = AblationStep.dense(SpattenPresets.full());
        for (boolean decode : new boolean[] {true, false}) {
            AttentionSource src = InMemoryAttentionSource.random(7, 3, 4, 2, 16, 40, decode ? 30 : 40, decode, 1.5);
            int[] count = {0};
            FunctionalResult r = new SpattenFunctionalModel(dense).run(src, (step, l, h, qp, out, ref) -> {
                double[] expect = naive(src, l, h, qp);
                for (int e = 0; e < expect.length; e++) {
                    assertEquals(expect[e], out[e], 1e-9 * (1 + Math.abs(expect[e])), "layer " + l + " head " + h);
                }
                count[0]++;
            });
            int queries = decode ? 10 : 40;
            assertEquals(3 * 4 * queries, count[0]);
            assertEquals(count[0], r.workload().size());
            assertTrue(r.maxRelativeError() < 1e-9, "relative error " + r.maxRelativeError());
            Workload w = r.workload();
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.contextLength(i), w.keptKeys(i));
                assertEquals(w.contextLength(i), w.keptValues(i));
                assertFalse(w.requant(i));
                assertEquals(12, w.keyMsbBits(i));
            }
        }
    }

    @Test
    void pruningFollowsTheScheduleAndCascades() {
        SpattenConfig full = SpattenPresets.load("spatten", List.of("pruning.head.average=0.2",
                "pruning.head.start=0.1", "quant.requantThreshold=0.2"));
        int layers = 6;
        int heads = 4;
        AttentionSource src = InMemoryAttentionSource.random(3, layers, heads, heads, 16, 120, 100, true, 0.7);
        FunctionalResult r = new SpattenFunctionalModel(full).run(src);
        Workload w = r.workload();
        LayerSchedule tok = LayerSchedule.of(full.pruning().token(), layers, true, "t");
        LayerSchedule hs = LayerSchedule.of(full.pruning().head(), layers, true, "h");
        Set<Integer> prevKeys = null;
        int requant = 0;
        int active = 0;
        for (int i = 0; i < w.size(); i++) {
            int l = w.layer(i);
            if (w.headPruned(i)) {
                assertEquals(0, w.keptKeys(i));
                continue;
            }
            active++;
            assertEquals(tok.kept(w.contextLength(i), l), w.keptKeys(i), "task " + i);
            int expectValues = Math.max(1, (int) Math.floor(w.keptKeys(i) * 0.2 + 1e-9));
            assertEquals(expectValues, w.keptValues(i));
            Set<Integer> keys = new HashSet<>();
            for (int p : w.keyIndices(i)) {
                keys.add(p);
            }
            for (int p : w.valueIndices(i)) {
                assertTrue(keys.contains(p), "values come from kept keys");
            }
            if (l > 0 && prevKeys != null && w.head(i) == firstActiveHead(w, i)) {
                assertTrue(prevKeys.containsAll(keys), "cascade: layer " + l + " keys within layer " + (l - 1));
            }
            if (w.head(i) == firstActiveHead(w, i)) {
                prevKeys = l == layers - 1 ? null : keys;
            }
            requant += w.requant(i) ? 1 : 0;
        }
        assertTrue(requant > 0 && requant < active, "flat attention triggers some refetches: " + requant + " of " + w.size() + " "
                + active);
        // head pruning: per step and layer, pruned heads = H - ceil(H keep(l)), and cascade.
        for (int step = 0; step < 20; step++) {
            Set<Integer> prunedBefore = new HashSet<>();
            for (int l = 0; l < layers; l++) {
                Set<Integer> pruned = new HashSet<>();
                for (int i = 0; i < w.size(); i++) {
                    if (w.step(i) == step && w.layer(i) == l && w.headPruned(i)) {
                        pruned.add(w.head(i));
                    }
                }
                assertEquals(heads - hs.keptCeil(heads, l), pruned.size(), "step " + step + " layer " + l);
                assertTrue(pruned.containsAll(prunedBefore), "cascade head pruning");
                prunedBefore = pruned;
            }
        }
        for (LayerError e : r.layerErrors()) {
            assertTrue(e.relativeL2() > 0 && e.relativeL2() < 1.5, e.toString());
        }
    }

    private static int firstActiveHead(Workload w, int i) {
        for (int j = i; j >= 0 && w.layer(j) == w.layer(i) && w.step(j) == w.step(i); j--) {
            if (!w.headPruned(j) && (j == 0 || w.layer(j - 1) != w.layer(i) || w.step(j - 1) != w.step(i)
                    || allPrunedBetween(w, j))) {
                return w.head(j);
            }
        }
        return w.head(i);
    }

    private static boolean allPrunedBetween(Workload w, int j) {
        for (int x = j - 1; x >= 0 && w.layer(x) == w.layer(j) && w.step(x) == w.step(j); x--) {
            if (!w.headPruned(x)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void zeroThresholdNeverRefetchesAndQuantizationAloneIsSmallError() {
        SpattenConfig c = SpattenPresets.load("spatten", List.of("quant.requantThreshold=0",
                "pruning.tokenPruning=false", "pruning.headPruning=false", "pruning.valuePruning=false",
                "quant.keyMsbBits=8"));
        AttentionSource src = InMemoryAttentionSource.random(5, 2, 2, 2, 16, 50, 40, true, 1.0);
        FunctionalResult r = new SpattenFunctionalModel(c).run(src);
        for (int i = 0; i < r.workload().size(); i++) {
            assertFalse(r.workload().requant(i));
        }
        assertTrue(r.maxRelativeError() > 0 && r.maxRelativeError() < 0.1, "8-bit keys, 6-bit values: "
                + r.layerErrors());
    }
}

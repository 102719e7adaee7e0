package org.spattensim.accel.spatten.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.analytic.SpattenAnalyticModel;
import org.spattensim.accel.spatten.functional.DataDrivenProducer;
import org.spattensim.accel.spatten.functional.InMemoryAttentionSource;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.common.InvalidInputException;

/**
 * Every attention shape on the cycle-level and the fast model, against closed forms for DRAM bytes and MACs on
 * the dense datapath (no pruning, no quantization: every row at the dense datapath's 12 bits, 64-dim rows of 96 B
 * rounded to whole 32 B transactions): encoder prefill (bidirectional), decoder prefill (causal), GQA decode (K/V
 * fetched once per KV head), and prefill with pruning, where each head's queries keep different rows and the head
 * fetches their union once.
 */
class AttentionShapeTest {
    private static final int LAYERS = 2;
    private static final int D = 64;
    /** 64 values at 12 bits = 96 B: three 32-B transactions. */
    private static final long ROW = 96;

    private static SpattenConfig dense() {
        return AblationStep.dense(SpattenPresets.load("spatten"));
    }

    private static Workload workload(InMemoryAttentionSource src, SpattenConfig c) {
        return DataDrivenProducer.fromSource(src, c).workload();
    }

    private static InMemoryAttentionSource source(int hq, int hkv, int t, int prompt, boolean decode, boolean bidi) {
        InMemoryAttentionSource r = InMemoryAttentionSource.random(7, LAYERS, hq, hkv, D, t, prompt, decode, 1.0);
        float[][] q = new float[LAYERS][];
        float[][] k = new float[LAYERS][];
        float[][] v = new float[LAYERS][];
        for (int l = 0; l < LAYERS; l++) {
            q[l] = r.q(l);
            k[l] = r.k(l);
            v[l] = r.v(l);
        }
        return new InMemoryAttentionSource("shape", hq, hkv, D, t, prompt, decode, bidi, q, k, v);
    }

    private static void check(Workload w, SpattenConfig c, long bytes, long macs) {
        for (SpattenRun r : List.of(new SpattenTimingModel(c).run(w), new SpattenAnalyticModel(c).run(w))) {
            assertEquals(bytes, r.dramBytesRead(), "DRAM bytes");
            assertEquals(macs, r.stats().counterValue("actions.qk_mac"), "Q×K MACs");
            assertEquals(macs, r.stats().counterValue("actions.pv_mac"), "Prob×V MACs");
            assertTrue(r.totalCycles() > 0);
        }
    }

    @Test
    void encoderPrefillIsBidirectional() {
        int h = 4;
        int t = 48;
        SpattenConfig c = dense();
        Workload w = workload(source(h, h, t, t, false, true), c);
        assertEquals(LAYERS * h * t, w.size());
        for (int j = 0; j < w.size(); j++) {
            assertEquals(t, w.contextLength(j), "every query sees every position");
            assertEquals(t, w.keptKeys(j));
        }
        // Each head's queries share one fetch of all T keys and values.
        check(w, c, (long) LAYERS * h * 2 * t * ROW, (long) LAYERS * h * t * t * D);
    }

    @Test
    void decoderPrefillIsCausal() {
        int h = 4;
        int t = 40;
        SpattenConfig c = dense();
        Workload w = workload(source(h, h, t, t, false, false), c);
        long pairs = (long) t * (t + 1) / 2;   // query i sees i + 1 keys
        check(w, c, (long) LAYERS * h * 2 * t * ROW, (long) LAYERS * h * pairs * D);
    }

    @Test
    void gqaDecodeFetchesEachKvHeadOnce() {
        int hq = 8;
        int hkv = 2;
        int prompt = 60;
        int steps = 3;
        SpattenConfig c = dense();
        Workload w = workload(source(hq, hkv, prompt + steps, prompt, true, false), c);
        assertEquals(hkv, w.kvHeads());
        long contexts = 0;
        for (int s = 0; s < steps; s++) {
            contexts += prompt + s + 1;
        }
        // Per step and layer, each KV head's rows once (not once per query head), every query head computes.
        check(w, c, LAYERS * hkv * 2 * contexts * ROW, LAYERS * hq * contexts * D);
    }

    @Test
    void prunedPrefillFetchesTheUnionOfItsQueriesRows() {
        // With cascade token pruning and local value pruning each query keeps its own rows; a head fetches the
        // union of its queries' rows once (the old model fetched the first query's list for the group's count and
        // indexed past its end).
        SpattenConfig c = SpattenPresets.load("spatten");
        Workload w = workload(source(2, 2, 64, 64, false, false), c);
        SpattenRun r = new SpattenTimingModel(c).run(w);
        long keys = r.stats().counterValue("dram_bytes.key");
        long upper = 0;
        for (int j = 0; j < w.size(); j++) {
            if (j == 0 || w.head(j) != w.head(j - 1) || w.layer(j) != w.layer(j - 1)) {
                upper += 64L * 64;  // a head's union is at most its 64 positions of 64 B (6-bit keys)
            }
        }
        assertTrue(keys > 0 && keys <= upper, keys + " > " + upper);
        assertEquals(new SpattenAnalyticModel(c).run(w).dramBytesRead(), r.dramBytesRead());
    }

    @Test
    void aPrefillHeadFetchesItsKeyLsbsOnceForAllItsRefetchingQueries() {
        // With progressive quantization, queries whose softmax is not confident refetch the key LSBs; the queries of
        // one head share them like the MSBs: the head's first refetch fetches the LSBs of the head's union of kept
        // rows (4 bits x 64 = 32 B each), later ones read them from the key buffer.
        SpattenConfig c = SpattenPresets.load("spatten", List.of("quant.requantThreshold=0.5"));
        Workload w = workload(source(2, 2, 48, 48, false, true), c);
        long expected = 0;
        java.util.BitSet union = new java.util.BitSet();
        boolean refetch = false;
        for (int j = 0; j <= w.size(); j++) {
            boolean newHead = j == w.size() || j > 0 && (w.head(j) != w.head(j - 1) || w.layer(j) != w.layer(j - 1));
            if (newHead) {
                expected += refetch ? union.cardinality() * 32L : 0;
                union.clear();
                refetch = false;
            }
            if (j == w.size()) {
                break;
            }
            if (w.keptKeys(j) > 0 && !w.headPruned(j)) {
                for (int x : w.keyIndices(j)) {
                    union.set(x);
                }
                refetch |= w.requant(j);
            }
        }
        assertTrue(expected > 0, "the threshold makes some queries refetch");
        for (SpattenRun r : List.of(new SpattenTimingModel(c).run(w), new SpattenAnalyticModel(c).run(w))) {
            assertEquals(expected, r.stats().counterValue("dram_bytes.key_lsb"));
        }
    }

    @Test
    void perKvHeadImportanceKeepsTokensPerKvGroup() {
        // SpAtten's cascade keeps the same tokens for every head; SpAtten-LLM's per-head importance lets each KV
        // head (its query heads together, GQA) keep its own.
        for (String mode : List.of("GLOBAL", "PER_KV_HEAD")) {
            SpattenConfig c = SpattenPresets.load("spatten", List.of("pruning.tokenImportance=" + mode,
                    "pruning.token.skipFraction=0", "pruning.token.average=0.4", "pruning.token.start=0.4",
                    "pruning.headPruning=false", "pruning.keepRecent=2"));
            Workload w = workload(source(8, 2, 70, 60, true, false), c);
            boolean groupsDiffer = false;
            for (int j = 0; j + 7 < w.size(); j += 8) {
                // Tasks j..j+7: one step and layer, query heads 0..7; KV heads 0 (heads 0-3) and 1 (heads 4-7).
                for (int h = 1; h < 8; h++) {
                    boolean sameGroup = h < 4;
                    boolean equal = java.util.Arrays.equals(w.keyIndices(j), w.keyIndices(j + h));
                    if (mode.equals("GLOBAL") || sameGroup) {
                        assertTrue(equal, mode + ": task " + j + " head " + h);
                    } else if (!equal) {
                        groupsDiffer = true;
                    }
                }
            }
            assertEquals(mode.equals("PER_KV_HEAD"), groupsDiffer, mode);
        }
    }

    @Test
    void aHeadWiderThanTheDatapathIsRefusedUpFront() {
        SpattenConfig c = SpattenPresets.load("spatten-1/8");
        InMemoryAttentionSource src = InMemoryAttentionSource.random(1, 1, 2, 2, 128, 16, 12, true, 1.0);
        Workload w = workload(src, c);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpattenTimingModel(c).run(w));
        assertTrue(e.getMessage().contains("compute.qkMultipliers") && e.getMessage().contains("128"), e.getMessage());
    }
}

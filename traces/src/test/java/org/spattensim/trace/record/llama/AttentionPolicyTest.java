package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;

class AttentionPolicyTest {
    static final LlamaModel MODEL = RecorderModel.loadDefault().model();
    static final int[] TOKENS = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376};

    /** Runs TOKENS through a session; returns the last logits and the probabilities seen at the last position. */
    static float[] run(AttentionPolicy policy, float[][][] lastProbs) {
        LlamaSession s = MODEL.newSession(policy, (layer, pos, q, k, v, probs) -> {
            if (pos == TOKENS.length - 1 && lastProbs != null) {
                for (int h = 0; h < probs.length; h++) {
                    lastProbs[layer][h] = Arrays.copyOf(probs[h], pos + 1);
                }
            }
        });
        float[] logits = null;
        for (int t : TOKENS) {
            logits = s.step(t);
        }
        return logits.clone();
    }

    static float[][][] probsBuffer() {
        return new float[MODEL.config().nLayers()][MODEL.config().nHeads()][];
    }

    @Test
    void identityKeyTransformEqualsDense() {
        AttentionPolicy copyOnly = new AttentionPolicy() {
            @Override
            public boolean transformsKeys() {
                return true;
            }
        };
        assertArrayEquals(run(AttentionPolicy.DENSE, null), run(copyOnly, null), 0f);
    }

    @Test
    void tokenPruningRenormalisesOverKeptKeys() {
        float[][][] dense = probsBuffer();
        run(AttentionPolicy.DENSE, dense);
        float[][][] pruned = probsBuffer();
        // keep keys 0, 2 and the query's own position only, in layer 0 (later layers then see other inputs)
        float[] logits = run(new AttentionPolicy() {
            @Override
            public void selectKeys(HeadContext ctx, boolean[] keep) {
                if (ctx.layer() == 0) {
                    for (int t = 0; t < ctx.keyCount(); t++) {
                        keep[t] = t == 0 || t == 2 || t == ctx.position();
                    }
                }
            }
        }, pruned);
        int last = TOKENS.length - 1;
        for (int h = 0; h < MODEL.config().nHeads(); h++) {
            float[] d = dense[0][h];
            float[] p = pruned[0][h];
            double z = d[0] + d[2] + d[last];
            assertEquals(d[0] / z, p[0], 1e-5);
            assertEquals(d[2] / z, p[2], 1e-5);
            assertEquals(d[last] / z, p[last], 1e-5);
            assertEquals(0f, p[1]);
        }
        assertFalse(Arrays.equals(logits, run(AttentionPolicy.DENSE, null)));
    }

    @Test
    void skippedHeadHasNoProbabilitiesAndChangesTheOutput() {
        float[][][] probs = probsBuffer();
        List<String> calls = new ArrayList<>();
        float[] logits = run(new AttentionPolicy() {
            @Override
            public boolean keepHead(HeadContext ctx) {
                return !(ctx.layer() == 3 && ctx.head() == 5);
            }

            @Override
            public void headOutput(HeadContext ctx, float[] out, int offset) {
                if (ctx.layer() == 3 && ctx.head() == 5) {
                    calls.add("output of skipped head");
                }
            }
        }, probs);
        for (float p : probs[3][5]) {
            assertEquals(0f, p);
        }
        assertEquals(1.0, sum(probs[3][4]), 1e-5);
        assertTrue(calls.isEmpty());
        assertFalse(Arrays.equals(logits, run(AttentionPolicy.DENSE, null)));
    }

    @Test
    void recomputeRunsAnotherPassWithTheNextPassNumber() {
        int[] passesSeen = new int[3];
        float[][][] probs = probsBuffer();
        float[][][] dense = probsBuffer();
        run(AttentionPolicy.DENSE, dense);
        run(new AttentionPolicy() {
            @Override
            public boolean transformsKeys() {
                return true;
            }

            @Override
            public void transformKey(HeadContext ctx, int keyPos, float[] key, int offset) {
                passesSeen[ctx.pass()]++;
                if (ctx.pass() == 0) {
                    Arrays.fill(key, offset, offset + ctx.headSize(), 0f); // "MSBs only": uniform scores
                }
            }

            @Override
            public boolean recompute(HeadContext ctx, float[] p, boolean[] keep) {
                return ctx.pass() == 0;
            }
        }, probs);
        assertEquals(passesSeen[0], passesSeen[1]);
        assertEquals(0, passesSeen[2]);
        for (int l = 0; l < MODEL.config().nLayers(); l++) {
            for (int h = 0; h < MODEL.config().nHeads(); h++) {
                assertArrayEquals(dense[l][h], probs[l][h], 0f, "the exact second pass replaces the first");
            }
        }
    }

    @Test
    void localValuePruningZeroesProbabilitiesBeforeTheValueSum() {
        float[] dense = run(AttentionPolicy.DENSE, null);
        float[] pruned = run(new AttentionPolicy() {
            @Override
            public void selectValues(HeadContext ctx, float[] probs) {
                for (int t = 0; t < ctx.keyCount(); t++) {
                    if (probs[t] < 0.05f) {
                        probs[t] = 0f;
                    }
                }
            }
        }, null);
        assertFalse(Arrays.equals(dense, pruned));
        float[] none = run(new AttentionPolicy() {
            @Override
            public void selectValues(HeadContext ctx, float[] probs) {
                // a threshold no probability is under changes nothing
                for (int t = 0; t < ctx.keyCount(); t++) {
                    if (probs[t] < 0f) {
                        probs[t] = 0f;
                    }
                }
            }
        }, null);
        assertArrayEquals(dense, none, 0f);
    }

    @Test
    void headContextExposesCachedQueryKeysAndValues() {
        float[][] seenQ = new float[1][];
        boolean[] checked = {false};
        LlamaSession s = MODEL.newSession(new AttentionPolicy() {
            @Override
            public void selectKeys(HeadContext ctx, boolean[] keep) {
                if (ctx.layer() == 1 && ctx.head() == 3 && ctx.position() == 2) {
                    seenQ[0] = new float[] {ctx.query(0), ctx.key(2, 0), ctx.value(2, 7), ctx.kvHead()};
                }
            }
        }, (layer, pos, q, k, v, probs) -> {
            if (layer == 1 && pos == 2) {
                assertEquals(q[3 * 8], seenQ[0][0]);
                assertEquals(k[1 * 8], seenQ[0][1]);
                assertEquals(v[1 * 8 + 7], seenQ[0][2]);
                assertEquals(1f, seenQ[0][3]);
                checked[0] = true;
            }
        });
        for (int t : new int[] {1, 403, 407}) {
            s.step(t);
        }
        assertTrue(checked[0]);
    }

    @Test
    void contextOverflowAndBadTokenAreClearErrors() {
        LlamaSession s = MODEL.newSession();
        assertTrue(assertThrows(InvalidInputException.class, () -> s.step(512)).getMessage().contains("0..511"));
        for (int i = 0; i < MODEL.config().seqLen(); i++) {
            s.step(1);
        }
        assertTrue(assertThrows(InvalidInputException.class, () -> s.step(1)).getMessage()
                .contains("past the model's context"));
    }

    static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }
}

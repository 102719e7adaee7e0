package org.spattensim.trace.record.llama;

import java.util.Arrays;
import java.util.Objects;
import org.spattensim.common.InvalidInputException;

/**
 * One running generation: the forward pass of a Llama-2 model one token at a time with a KV cache, as llama2.c
 * computes it (RMSNorm, RoPE on adjacent pairs, grouped-query causal attention with scale 1/sqrt(headSize),
 * SwiGLU FFN, residual connections, final RMSNorm, classifier). Each {@link #step} feeds a token at the next
 * position and returns the logits for the token after it. The {@link AttentionPolicy} acts inside attention;
 * the {@link AttentionObserver} sees each layer's Q, K, V and probabilities. Not thread-safe; allocates nothing
 * per step.
 */
public final class LlamaSession {
    /** Guard against a policy that requests recomputation forever. */
    static final int MAX_SCORE_PASSES = 16;

    private final LlamaConfig c;
    private final LlamaWeights w;
    private final AttentionPolicy policy;
    private final AttentionObserver observer;
    private final boolean transformsKeys;
    private final boolean observesScores;
    private final float scoreScale;

    private final float[][] keyCache;   // [layer][pos * kvDim + i], keys after RoPE
    private final float[][] valueCache; // [layer][pos * kvDim + i]
    private final float[] x;
    private final float[] xb;
    private final float[] xb2;
    private final float[] hb;
    private final float[] hb2;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[][] att;        // [head][pos]
    private final boolean[] keep;
    private final float[] keyCopy;
    private final float[] ropeCos;
    private final float[] ropeSin;
    private final float[] logits;
    private final HeadContext ctx;
    private int position;

    LlamaSession(LlamaModel model, AttentionPolicy policy, AttentionObserver observer) {
        this.c = model.config();
        this.w = model.weights();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.observer = observer;
        this.transformsKeys = policy.transformsKeys();
        this.observesScores = policy.observesScores();
        this.scoreScale = (float) (1.0 / Math.sqrt(c.headSize()));
        long cacheFloats = (long) c.seqLen() * c.kvDim();
        if (cacheFloats > Integer.MAX_VALUE - 8) {
            throw InvalidInputException.of("llama2.c checkpoint header", "seq_len", c.seqLen() + " x kv_dim " + c.kvDim()
                    + " values per layer", "at most 2^31 KV-cache values per layer");
        }
        keyCache = new float[c.nLayers()][(int) cacheFloats];
        valueCache = new float[c.nLayers()][(int) cacheFloats];
        x = new float[c.dim()];
        xb = new float[c.dim()];
        xb2 = new float[c.dim()];
        hb = new float[c.hiddenDim()];
        hb2 = new float[c.hiddenDim()];
        q = new float[c.dim()];
        k = new float[c.kvDim()];
        v = new float[c.kvDim()];
        att = new float[c.nHeads()][c.seqLen()];
        keep = new boolean[c.seqLen()];
        keyCopy = new float[c.headSize()];
        ropeCos = new float[c.headSize() / 2];
        ropeSin = new float[c.headSize() / 2];
        logits = new float[c.vocabSize()];
        ctx = new HeadContext(c, keyCache, valueCache);
    }

    public LlamaConfig config() {
        return c;
    }

    /** Position the next {@link #step} feeds (= number of tokens fed so far). */
    public int position() {
        return position;
    }

    /** Forgets every fed token; the next step is at position 0. */
    public void reset() {
        position = 0;
    }

    /** Logits of the last step, {@code [vocabSize]}; overwritten by the next step. */
    public float[] logits() {
        return logits;
    }

    /**
     * Feeds {@code token} at position {@link #position()} and returns the logits for the next token (the
     * session's buffer, overwritten by the next step; copy it to keep it).
     *
     * @throws InvalidInputException if the token is outside the vocabulary or the context is full
     */
    public float[] step(int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw InvalidInputException.of("LlamaSession", "token", "id " + token,
                    "an id in 0.." + (c.vocabSize() - 1));
        }
        if (position >= c.seqLen()) {
            throw InvalidInputException.of("LlamaSession", "position", "position " + position
                    + " is past the model's context", "at most seq_len = " + c.seqLen() + " tokens in all");
        }
        int pos = position;
        int dim = c.dim();
        int kvDim = c.kvDim();
        int hidden = c.hiddenDim();
        policy.beginStep(pos, token);
        LlamaMath.ropeTables(ropeCos, ropeSin, c.headSize(), pos, LlamaConfig.ROPE_THETA);
        System.arraycopy(w.tokenEmbedding, token * dim, x, 0, dim);

        for (int l = 0; l < c.nLayers(); l++) {
            LlamaMath.rmsNorm(xb, x, w.rmsAtt, l * dim, dim, LlamaConfig.RMS_EPS);
            LlamaMath.matmul(q, xb, w.wq, l * dim * dim, dim, dim);
            LlamaMath.matmul(k, xb, w.wk, l * kvDim * dim, kvDim, dim);
            LlamaMath.matmul(v, xb, w.wv, l * kvDim * dim, kvDim, dim);
            LlamaMath.rope(q, dim, c.headSize(), ropeCos, ropeSin);
            LlamaMath.rope(k, kvDim, c.headSize(), ropeCos, ropeSin);
            System.arraycopy(k, 0, keyCache[l], pos * kvDim, kvDim);
            System.arraycopy(v, 0, valueCache[l], pos * kvDim, kvDim);

            for (int h = 0; h < c.nHeads(); h++) {
                attendHead(l, h, pos);
            }
            policy.endLayer(l, pos);
            if (observer != null) {
                observer.onAttention(l, pos, q, k, v, att);
            }

            LlamaMath.matmul(xb2, xb, w.wo, l * dim * dim, dim, dim);
            for (int i = 0; i < dim; i++) {
                x[i] += xb2[i];
            }

            LlamaMath.rmsNorm(xb, x, w.rmsFfn, l * dim, dim, LlamaConfig.RMS_EPS);
            LlamaMath.matmul(hb, xb, w.w1, l * hidden * dim, hidden, dim);
            LlamaMath.matmul(hb2, xb, w.w3, l * hidden * dim, hidden, dim);
            for (int i = 0; i < hidden; i++) {
                hb[i] = LlamaMath.silu(hb[i]) * hb2[i];
            }
            LlamaMath.matmul(xb, hb, w.w2, l * dim * hidden, dim, hidden);
            for (int i = 0; i < dim; i++) {
                x[i] += xb[i];
            }
        }

        LlamaMath.rmsNorm(x, x, w.rmsFinal, 0, dim, LlamaConfig.RMS_EPS);
        LlamaMath.matmul(logits, x, w.wcls, 0, c.vocabSize(), dim);
        position = pos + 1;
        return logits;
    }

    /** One query head's attention at {@code pos}; writes the head's slice of {@code xb} and {@code att[h]}. */
    private void attendHead(int l, int h, int pos) {
        int hs = c.headSize();
        int kvDim = c.kvDim();
        int n = pos + 1;
        int qOff = h * hs;
        int kvOff = c.kvHeadOf(h) * hs;
        float[] scores = att[h];
        float[] kc = keyCache[l];
        float[] vc = valueCache[l];
        ctx.set(l, h, pos, q);
        if (!policy.keepHead(ctx)) {
            Arrays.fill(scores, 0, n, 0f);
            Arrays.fill(xb, qOff, qOff + hs, 0f);
            return;
        }
        Arrays.fill(keep, 0, n, true);
        policy.selectKeys(ctx, keep);
        for (int pass = 0; ; pass++) {
            ctx.setPass(pass);
            for (int t = 0; t < n; t++) {
                if (!keep[t]) {
                    continue;
                }
                float[] key = kc;
                int keyOff = t * kvDim + kvOff;
                if (transformsKeys) {
                    System.arraycopy(kc, keyOff, keyCopy, 0, hs);
                    policy.transformKey(ctx, t, keyCopy, 0);
                    key = keyCopy;
                    keyOff = 0;
                }
                scores[t] = LlamaMath.dot(q, qOff, key, keyOff, hs) * scoreScale;
            }
            if (observesScores) {
                policy.scored(ctx, scores, keep);
            }
            LlamaMath.softmax(scores, keep, n);
            if (!policy.recompute(ctx, scores, keep)) {
                break;
            }
            if (pass + 1 >= MAX_SCORE_PASSES) {
                throw new IllegalStateException("attention policy requested more than " + MAX_SCORE_PASSES
                        + " score passes at layer " + l + ", head " + h + ", position " + pos);
            }
        }
        policy.selectValues(ctx, scores);
        Arrays.fill(xb, qOff, qOff + hs, 0f);
        for (int t = 0; t < n; t++) {
            float p = scores[t];
            if (p == 0f) {
                continue;
            }
            int vOff = t * kvDim + kvOff;
            for (int i = 0; i < hs; i++) {
                xb[qOff + i] += p * vc[vOff + i];
            }
        }
        policy.headOutput(ctx, xb, qOff);
    }
}

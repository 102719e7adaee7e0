package org.spattensim.accel.quality;

import java.util.Arrays;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.prune.CascadePruning;
import org.spattensim.accel.spatten.prune.KvPolicies;
import org.spattensim.accel.spatten.prune.KvPolicy;
import org.spattensim.accel.spatten.prune.KvPolicyContext;
import org.spattensim.accel.spatten.prune.KvSelection;
import org.spattensim.accel.spatten.prune.LayerSchedule;
import org.spattensim.accel.spatten.quant.ProgressiveKeyQuantizer;
import org.spattensim.accel.spatten.topk.TopKEngine;
import org.spattensim.accel.spatten.topk.TopKResult;
import org.spattensim.trace.record.llama.AttentionPolicy;
import org.spattensim.trace.record.llama.HeadContext;

/**
 * SpAtten's decisions applied inside a real model's attention, with the same rules as the
 * {@code SpattenFunctionalModel}: per step (one token fed at position pos) and layer, cascade token
 * pruning by top-k over the accumulated token importance (the {@code keepRecent} most recent tokens, and
 * the step's own token, always kept), cascade
 * head pruning by top-k over the accumulated Σ|head output|, keys quantized MSB-first with an LSB
 * recompute when the max probability is under the threshold, and local value pruning by top-k over
 * the probabilities. Pruned keys and heads are skipped by the model, so the effect propagates to the
 * later layers and the logits.
 *
 * <p>With a KV-cache policy ({@code pruning.policy} other than cascade) the policy picks each head's keys instead
 * of the cascade, through the same {@link KvPolicy} calls the timing path makes: the prompt's positions attend
 * densely, the generated ones to what the policy keeps, and each head's final scores and probabilities are fed back.
 *
 * <p>Key quantization scale: per (layer, KV head), the largest |key| seen so far (the cache grows one
 * token per step). Values and queries stay at model precision: the model's hook quantizes keys only.
 * Not thread-safe; one policy per session.
 */
public final class SpattenAttentionPolicy implements AttentionPolicy {
    private final SpattenConfig.Quantization qc;
    private final boolean quant;
    private final boolean progressive;
    private final LayerSchedule tokens;
    private final LayerSchedule heads;
    private final boolean valuePruning;
    private final double valueRatio;
    private final int keepRecent;
    private final TopKEngine engine;
    private final int nHeads;
    private final int headSize;
    private final double[] importance;
    private final double[] headImportance;
    private final double[][] keyMax;
    private final int[][] scaledAt;
    private final ProgressiveKeyQuantizer keyQuantizer;

    private int pos;
    private int layer = -1;
    private boolean[] aliveMask = new boolean[0];
    private int[] alive = new int[0];
    private int aliveCount;
    private int[] aliveHeads;
    private int aliveHeadCount;
    private final boolean[] headAlive;
    private double[] gathered = new double[0];
    private double[] probsBuf = new double[0];
    private int[] slotPos = new int[0];
    private final QualityCounters counters = new QualityCounters();
    /** The token-selection policy, or null for the cascade; its prompt length and scratch. */
    private final KvPolicy kv;
    private final int promptLength;
    private final ContextData contextData = new ContextData();
    private int[] selected = new int[0];
    private int selectedCount;
    private double[] rawScores = new double[0];
    private double[] observedScores = new double[0];
    private double[] observedProbs = new double[0];

    /**
     * @param layers   the model's layers
     * @param nHeads   query heads
     * @param kvHeads  KV heads
     * @param headSize head dimension
     * @param seqLen   longest context
     */
    public SpattenAttentionPolicy(SpattenConfig config, int layers, int nHeads, int kvHeads, int headSize, int seqLen) {
        this(config, layers, nHeads, kvHeads, headSize, seqLen, 0);
    }

    /**
     * @param promptLength positions 0..promptLength-1 are the prompt: a KV policy lets them attend densely and
     *                     starts selecting at the first generated position
     */
    public SpattenAttentionPolicy(SpattenConfig config, int layers, int nHeads, int kvHeads, int headSize, int seqLen,
                                  int promptLength) {
        this.qc = config.quant();
        this.quant = qc.enabled();
        this.progressive = qc.progressive();
        SpattenConfig.Pruning p = config.pruning();
        this.tokens = LayerSchedule.of(p.token(), layers, p.tokenPruning(), "pruning.token");
        this.heads = LayerSchedule.of(p.head(), layers, p.headPruning(), "pruning.head");
        this.valuePruning = p.valuePruning();
        this.valueRatio = p.valuePruneRatio();
        this.keepRecent = p.keepRecent();
        this.engine = TopKEngine.of(config);
        this.nHeads = nHeads;
        this.headSize = headSize;
        this.importance = new double[seqLen];
        this.headImportance = new double[nHeads];
        this.keyMax = new double[layers][kvHeads];
        // Cache of quantized keys: a key's raw value never changes and its scale rarely does (a running max).
        long cacheFloats = 2L * layers * kvHeads * seqLen * headSize;
        this.keyCache = cacheFloats <= MAX_KEY_CACHE_FLOATS ? new float[2][layers][kvHeads][] : null;
        this.keyCacheScale = new double[2][layers][kvHeads];
        this.keyCacheValid = keyCache == null ? null : new boolean[2][layers][kvHeads][];
        this.cacheSeqLen = seqLen;
        this.scaledAt = new int[layers][kvHeads];
        this.headAlive = new boolean[nHeads];
        this.aliveHeads = new int[nHeads];
        this.keyQuantizer = progressive ? new ProgressiveKeyQuantizer(qc.keyMsbBits(), qc.keyLsbBits())
                : new ProgressiveKeyQuantizer(qc.keyTotalBits(), 0);
        this.promptLength = promptLength;
        this.kv = p.kvPolicy() ? KvPolicies.create(p.policy(), new KvPolicyContext(p.kv(), layers, nHeads, kvHeads,
                headSize, seqLen, Math.min(promptLength, seqLen), engine)) : null;
    }

    /** A {@link HeadContext} as a KV policy reads it. */
    private static final class ContextData implements KvPolicy.HeadData {
        private HeadContext ctx;

        ContextData of(HeadContext c) {
            ctx = c;
            return this;
        }

        @Override
        public double query(int i) {
            return ctx.query(i);
        }

        @Override
        public double key(int t, int i) {
            return ctx.key(t, i);
        }
    }

    public QualityCounters counters() {
        return counters;
    }

    @Override
    public void beginStep(int position, int token) {
        pos = position;
        layer = -1;
        int n = position + 1;
        if (aliveMask.length < n) {
            aliveMask = new boolean[Math.max(n, 2 * aliveMask.length)];
            alive = new int[aliveMask.length];
            gathered = new double[aliveMask.length];
            probsBuf = new double[aliveMask.length];
            slotPos = new int[aliveMask.length];
        }
        Arrays.fill(aliveMask, 0, n, true);
        for (int i = 0; i < n; i++) {
            alive[i] = i;
        }
        aliveCount = n;
        for (int h = 0; h < nHeads; h++) {
            aliveHeads[h] = h;
        }
        aliveHeadCount = nHeads;
        if (kv != null) {
            kv.beginStep(position, position < promptLength);
            if (selected.length < n) {
                selected = new int[aliveMask.length];
                rawScores = new double[aliveMask.length];
                observedScores = new double[aliveMask.length];
                observedProbs = new double[aliveMask.length];
            }
        }
    }

    @Override
    public boolean keepHead(HeadContext ctx) {
        if (ctx.layer() != layer) {
            startLayer(ctx);
        }
        if (quant && scaledAt[layer][ctx.kvHead()] != pos + 1) {
            // Running per-(layer, KV head) scale: fold in the key the cache gained this step.
            double m = keyMax[layer][ctx.kvHead()];
            for (int i = 0; i < headSize; i++) {
                m = Math.max(m, Math.abs(ctx.key(pos, i)));
            }
            keyMax[layer][ctx.kvHead()] = m;
            scaledAt[layer][ctx.kvHead()] = pos + 1;
        }
        boolean keep = headAlive[ctx.head()];
        counters.heads++;
        if (!keep) {
            counters.prunedHeads++;
        }
        return keep;
    }

    private void startLayer(HeadContext ctx) {
        layer = ctx.layer();
        int n = pos + 1;
        int kept = tokens.kept(n, layer);
        if (kv == null && kept < aliveCount) {
            // A quality run feeds one token per step: decode.
            int pinned = CascadePruning.pinned(kept, keepRecent, true);
            int[] next = new int[aliveCount];
            int m = CascadePruning.tokens(alive, aliveCount, importance, kept, pinned, engine, gathered, next).count();
            System.arraycopy(next, 0, alive, 0, m);
            Arrays.fill(aliveMask, 0, n, false);
            aliveCount = m;
            for (int i = 0; i < m; i++) {
                aliveMask[alive[i]] = true;
            }
        }
        int keptHeads = heads.keptCeil(nHeads, layer);
        if (keptHeads < aliveHeadCount) {
            double[] g = new double[aliveHeadCount];
            int[] next = new int[aliveHeadCount];
            int m = CascadePruning.heads(aliveHeads, aliveHeadCount, headImportance, keptHeads, engine, g, next).count();
            System.arraycopy(next, 0, aliveHeads, 0, m);
            aliveHeadCount = m;
        }
        Arrays.fill(headAlive, false);
        for (int i = 0; i < aliveHeadCount; i++) {
            headAlive[aliveHeads[i]] = true;
        }
    }

    @Override
    public void selectKeys(HeadContext ctx, boolean[] keep) {
        int n = ctx.keyCount();
        if (kv != null) {
            KvSelection s = kv.select(ctx.layer(), ctx.head(), contextData.of(ctx), selected);
            selectedCount = s.count();
            java.util.Arrays.fill(keep, 0, n, false);
            for (int i = 0; i < selectedCount; i++) {
                keep[selected[i]] = true;
            }
            counters.keys += n;
            counters.keptKeys += selectedCount;
            return;
        }
        int kept = 0;
        for (int t = 0; t < n; t++) {
            keep[t] = aliveMask[t];
            kept += keep[t] ? 1 : 0;
        }
        counters.keys += n;
        counters.keptKeys += kept;
    }

    @Override
    public boolean transformsKeys() {
        return quant;
    }

    /** Largest key cache (floats) kept; a larger model quantizes its keys at every use instead. */
    static final long MAX_KEY_CACHE_FLOATS = 1L << 24;
    /** [msb-only | full][layer][KV head]: quantized keys by position, valid for {@link #keyCacheScale}. */
    private final float[][][][] keyCache;
    private final double[][][] keyCacheScale;
    private final boolean[][][][] keyCacheValid;
    private final int cacheSeqLen;

    @Override
    public void transformKey(HeadContext ctx, int keyPos, float[] key, int offset) {
        int layer = ctx.layer();
        int kvHead = ctx.kvHead();
        double scale = keyQuantizer.scale(keyMax[layer][kvHead]);
        boolean msbOnly = ctx.pass() == 0 && keyQuantizer.lsbBits() > 0;
        if (keyCache == null) {
            quantizeKey(key, offset, scale, msbOnly);
            return;
        }
        // The same key at the same scale quantizes to the same values: compute once, then copy (every query head of
        // a KV group and every later step reuse it until the running scale grows).
        int v = msbOnly ? 0 : 1;
        float[] cache = keyCache[v][layer][kvHead];
        boolean[] valid = keyCacheValid[v][layer][kvHead];
        if (cache == null) {
            cache = keyCache[v][layer][kvHead] = new float[cacheSeqLen * headSize];
            valid = keyCacheValid[v][layer][kvHead] = new boolean[cacheSeqLen];
            keyCacheScale[v][layer][kvHead] = scale;
        } else if (keyCacheScale[v][layer][kvHead] != scale) {
            java.util.Arrays.fill(valid, false);
            keyCacheScale[v][layer][kvHead] = scale;
        }
        int at = keyPos * headSize;
        if (!valid[keyPos]) {
            quantizeKey(key, offset, scale, msbOnly);
            System.arraycopy(key, offset, cache, at, headSize);
            valid[keyPos] = true;
        } else {
            System.arraycopy(cache, at, key, offset, headSize);
        }
    }

    private void quantizeKey(float[] key, int offset, double scale, boolean msbOnly) {
        for (int i = 0; i < headSize; i++) {
            key[offset + i] = (float) (msbOnly ? keyQuantizer.msb(key[offset + i], scale)
                    : keyQuantizer.full(key[offset + i], scale));
        }
    }

    @Override
    public boolean observesScores() {
        return kv != null;
    }

    @Override
    public void scored(HeadContext ctx, float[] scores, boolean[] keep) {
        for (int i = 0; i < selectedCount; i++) {
            rawScores[i] = scores[selected[i]];
        }
    }

    @Override
    public boolean recompute(HeadContext ctx, float[] probs, boolean[] keep) {
        if (!progressive || ctx.pass() > 0) {
            return false;
        }
        float max = 0;
        for (int t = 0; t < ctx.keyCount(); t++) {
            max = Math.max(max, probs[t]);
        }
        boolean again = max < qc.requantThreshold();
        counters.scorePasses++;
        if (again) {
            counters.requants++;
        }
        return again;
    }

    @Override
    public void selectValues(HeadContext ctx, float[] probs) {
        int n = ctx.keyCount();
        if (kv != null) {
            for (int i = 0; i < selectedCount; i++) {
                observedScores[i] = rawScores[i];
                observedProbs[i] = probs[selected[i]];
            }
            kv.observe(ctx.layer(), ctx.head(), selected, selectedCount, observedScores, observedProbs);
        }
        int kept = 0;
        if (kv != null) {
            for (int i = 0; i < selectedCount; i++) {
                probsBuf[kept] = probs[selected[i]];
                slotPos[kept++] = selected[i];
            }
        } else {
            for (int t = 0; t < n; t++) {
                importance[t] += probs[t];
                if (aliveMask[t]) {
                    probsBuf[kept] = probs[t];
                    slotPos[kept] = t;
                    kept++;
                }
            }
        }
        if (!valuePruning) {
            counters.keptValues += kept;
            return;
        }
        int target = CascadePruning.valueTarget(kept, valueRatio);
        if (target >= kept) {
            counters.keptValues += kept;
            return;
        }
        TopKResult r = engine.select(probsBuf, kept, target);
        boolean[] stay = new boolean[kept];
        for (int idx : r.kept()) {
            stay[idx] = true;
        }
        for (int j = 0; j < kept; j++) {
            if (!stay[j]) {
                probs[slotPos[j]] = 0;
            }
        }
        counters.keptValues += target;
    }

    @Override
    public void headOutput(HeadContext ctx, float[] out, int offset) {
        double m = 0;
        for (int i = 0; i < headSize; i++) {
            m += Math.abs(out[offset + i]);
        }
        headImportance[ctx.head()] += m;
    }
}

package org.spattensim.accel.spatten.functional;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.prune.CascadePruning;
import org.spattensim.accel.spatten.prune.KvPolicies;
import org.spattensim.accel.spatten.prune.KvPolicy;
import org.spattensim.accel.spatten.prune.KvPolicyContext;
import org.spattensim.accel.spatten.prune.KvSelection;
import org.spattensim.accel.spatten.prune.LayerSchedule;
import org.spattensim.accel.spatten.quant.LinearQuantizer;
import org.spattensim.accel.spatten.quant.ProgressiveKeyQuantizer;
import org.spattensim.accel.spatten.softmax.SoftmaxUnit;
import org.spattensim.accel.spatten.topk.TopKEngine;
import org.spattensim.accel.spatten.topk.TopKResult;
import org.spattensim.accel.spatten.workload.AttentionTask;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * The SpAtten datapath, functionally, over recorded Q/K/V: it makes every data-dependent decision the
 * hardware makes and emits the resulting {@link Workload}, with the attention outputs checked against a
 * float64 dense reference. Per step (decode: one query at position P+s over context P+s+1; prefill: one
 * pass over all T positions, causal, or bidirectional when the source says so: every query then sees all T
 * positions, in the model and in the reference), layer by layer:
 * <ol>
 *   <li>cascade token pruning: keep {@code floor(L × keep(l))} of the tokens alive after the previous
 *       layer, by top-k over the accumulated token importance; pruned tokens are gone as keys (and, in
 *       prefill, as queries) for the rest of the step; the {@code pruning.keepRecent} most recent tokens,
 *       and in decode at least the step's own token, are always kept (our assumption: they have had few
 *       queries to gather importance);</li>
 *   <li>cascade head pruning: keep {@code ceil(H × keep(l))} of the heads alive after the previous
 *       layer, by top-k over the accumulated head importance Σ|head output|;</li>
 *   <li>per surviving (head, query): Q×K over the kept keys (keys at MSB bits), softmax with the Taylor
 *       exp; if progressive quantization is on and the max probability is below the threshold, the keys'
 *       LSBs are added and Q×K and softmax recomputed (keys only);</li>
 *   <li>the probabilities are added to the token importance (carried across heads, layers and steps); with
 *       {@code pruning.tokenImportance = PER_KV_HEAD} each KV head (its query heads together) has its own
 *       importance and keeps its own tokens (SpAtten-LLM), and the token top-k runs once per KV head;</li>
 *   <li>local value pruning: top-k over this query's probabilities keeps {@code floor(n × (1 − ratio))}
 *       V rows; Prob×V over the kept rows only (no renormalisation: the dropped probability mass is lost,
 *       as when the hardware never fetches those rows);</li>
 *   <li>|output| is added to the head importance.</li>
 * </ol>
 * With a KV-cache policy ({@code pruning.policy} other than cascade, decode only), step 1 is the policy's
 * selection instead: per layer and query head, the {@link KvPolicy} names the kept keys (evicting, ranking pages)
 * and reports its top-k cycles and page-metadata reads, which go to the layer's first task; the attention of each
 * head is fed back to it. The prompt is prefilled densely: the policy sees the attention of the prompt positions it
 * {@linkplain KvPolicy#observes observes}, computed here the way the datapath scores (full key bits).
 * Each step restarts the cascade from the whole context (the released GPT-2 traces keep the same
 * counts in every step); importance is carried over. The later layers' Q/K/V are the recorded dense
 * ones, so pruning changes the decisions and the outputs compared here, not the inputs of later layers
 * (that end-to-end effect is what {@code org.spattensim.accel.quality} measures on a real model).
 * Quantization: symmetric linear with one scale per (layer, KV head) tensor over all positions; the
 * query per vector. Deterministic: one seeded top-k engine, a fixed loop order. Not thread-safe.
 */
public final class SpattenFunctionalModel {
    private final SpattenConfig config;
    private final boolean computeReference;

    public SpattenFunctionalModel(SpattenConfig config) {
        this(config, true);
    }

    /** @param computeReference also compute the float64 dense reference and the per-layer error */
    public SpattenFunctionalModel(SpattenConfig config, boolean computeReference) {
        this.config = config;
        this.computeReference = computeReference;
    }

    public SpattenConfig config() {
        return config;
    }

    public FunctionalResult run(AttentionSource src) {
        return run(src, null);
    }

    public FunctionalResult run(AttentionSource src, OutputSink sink) {
        return new Run(src, sink).execute();
    }

    /** The state of one run. */
    private final class Run {
        private final AttentionSource src;
        private final OutputSink sink;
        private final int layers;
        private final int hq;
        private final int hkv;
        private final boolean bidirectional;
        private final int group;
        private final int d;
        private final int t;
        private final double invSqrtD;
        private final SpattenConfig.Quantization qc;
        private final boolean quant;
        private final boolean progressive;
        private final LayerSchedule tokenSchedule;
        private final LayerSchedule headSchedule;
        private final boolean valuePruning;
        private final double valueRatio;
        private final int keepRecent;
        private final TopKEngine engine;
        /** The token-selection policy, or null for SpAtten's cascade. */
        private final KvPolicy kvPolicy;
        private final TraceHeadData headData = new TraceHeadData();
        private final Workload.Builder out;
        /** Token importance per importance group: one group (SpAtten) or one per KV head (SpAtten-LLM). */
        private final double[][] importance;
        private final int groups;
        private final double[] headImportance;
        private final float[][] q;
        /** A streaming source: one layer in memory at a time, and of Q only the rows of the current step. */
        private final boolean streaming;
        private final int[] qFrom;
        private int loadedLayer = -1;
        private int loadedFrom = -1;
        private final float[][] k;
        private final float[][] v;
        private final float[][] kFirst;
        private final float[][] kFull;
        private final float[][] vData;
        private final double[] errSq;
        private final double[] refSq;
        private final double[] maxAbs;
        private final double[] cosSum;
        private final long[] outputs;
        // scratch
        private final double[] qv;
        private final double[] scores;
        private final double[] probs;
        private final double[] o;
        private final double[] ref;
        private final int[] keyPos;
        private final int[] valuePos;

        Run(AttentionSource src, OutputSink sink) {
            this.src = src;
            this.sink = sink;
            layers = src.layers();
            hq = src.queryHeads();
            hkv = src.kvHeads();
            bidirectional = src.bidirectional();
            group = hq / hkv;
            d = src.headDim();
            t = src.sequenceLength();
            invSqrtD = 1 / Math.sqrt(d);
            qc = config.quant();
            quant = qc.enabled();
            progressive = qc.progressive();
            SpattenConfig.Pruning pc = config.pruning();
            tokenSchedule = LayerSchedule.of(pc.token(), layers, pc.tokenPruning(), "pruning.token");
            headSchedule = LayerSchedule.of(pc.head(), layers, pc.headPruning(), "pruning.head");
            valuePruning = pc.valuePruning();
            valueRatio = pc.valuePruneRatio();
            keepRecent = pc.keepRecent();
            engine = TopKEngine.of(config);
            if (pc.kvPolicy()) {
                if (!src.decode()) {
                    throw org.spattensim.common.InvalidInputException.of(src.name(), "pruning.policy",
                            "policy '" + pc.policy() + "' selects KV-cache tokens per decode step but this is a prefill"
                                    + " trace", "a decode trace, or pruning.policy=" + KvPolicies.CASCADE);
                }
                kvPolicy = KvPolicies.create(pc.policy(), new KvPolicyContext(pc.kv(), layers, hq, hkv, d, t,
                        src.promptLength(), engine));
            } else {
                kvPolicy = null;
            }
            out = new Workload.Builder(src.name(), layers, hq, d, true).kvHeads(hkv);
            groups = pc.tokenImportance() == org.spattensim.accel.spatten.prune.TokenImportance.PER_KV_HEAD ? hkv : 1;
            importance = new double[groups][t];
            headImportance = new double[hq];
            q = new float[layers][];
            k = new float[layers][];
            v = new float[layers][];
            kFirst = new float[layers][];
            kFull = new float[layers][];
            vData = new float[layers][];
            streaming = src.streams();
            qFrom = new int[layers];
            if (!streaming) {
                for (int l = 0; l < layers; l++) {
                    q[l] = src.q(l);
                    k[l] = src.k(l);
                    v[l] = src.v(l);
                    prepareLayer(l);
                }
            }
            errSq = new double[layers];
            refSq = new double[layers];
            maxAbs = new double[layers];
            cosSum = new double[layers];
            outputs = new long[layers];
            qv = new double[d];
            scores = new double[t];
            probs = new double[t];
            o = new double[d];
            ref = new double[d];
            keyPos = new int[t];
            valuePos = new int[t];
        }

        /** Streaming: drops the loaded layer and reads layer l with the Q rows of [firstQuery, contextEnd). */
        private void load(int l, int firstQuery, int contextEnd) {
            if (loadedLayer == l && loadedFrom == firstQuery) {
                return;
            }
            if (loadedLayer >= 0) {
                q[loadedLayer] = k[loadedLayer] = v[loadedLayer] = null;
                kFirst[loadedLayer] = kFull[loadedLayer] = vData[loadedLayer] = null;
            }
            q[l] = src.qRows(l, firstQuery, contextEnd - firstQuery);
            qFrom[l] = firstQuery;
            k[l] = src.k(l);
            v[l] = src.v(l);
            prepareLayer(l);
            loadedLayer = l;
            loadedFrom = firstQuery;
        }

        /** Per KV head of the loaded layer (streaming): key and value scales of the quantizer. */
        private double[] keyScale;
        private double[] valueScale;
        private ProgressiveKeyQuantizer keyQuantizer;

        /**
         * Quantized copies of K (first pass and after refetch) and V, one scale per (layer, KV head). A streaming
         * source keeps only the scales and quantizes each element where it is used ({@link #quantizedKey},
         * {@link #quantizedValue}): the same expressions, so the same values, with one layer's raw K and V in
         * memory instead of five arrays.
         */
        private void prepareLayer(int l) {
            if (!quant) {
                kFirst[l] = k[l];
                kFull[l] = k[l];
                vData[l] = v[l];
                return;
            }
            keyQuantizer = progressive ? new ProgressiveKeyQuantizer(qc.keyMsbBits(), qc.keyLsbBits())
                    : new ProgressiveKeyQuantizer(qc.keyTotalBits(), 0);
            double[] ksAll = new double[hkv];
            double[] vsAll = new double[hkv];
            for (int kh = 0; kh < hkv; kh++) {
                double kMax = 0;
                double vMax = 0;
                for (int p = 0; p < t; p++) {
                    int base = (p * hkv + kh) * d;
                    for (int e = 0; e < d; e++) {
                        kMax = Math.max(kMax, Math.abs(k[l][base + e]));
                        vMax = Math.max(vMax, Math.abs(v[l][base + e]));
                    }
                }
                ksAll[kh] = keyQuantizer.scale(kMax);
                vsAll[kh] = LinearQuantizer.scale(vMax, qc.valueBits());
            }
            keyScale = ksAll;
            valueScale = vsAll;
            if (streaming) {
                kFirst[l] = kFull[l] = vData[l] = null;
                return;
            }
            float[] first = new float[k[l].length];
            float[] full = new float[k[l].length];
            float[] vq = new float[v[l].length];
            for (int kh = 0; kh < hkv; kh++) {
                for (int p = 0; p < t; p++) {
                    int base = (p * hkv + kh) * d;
                    for (int e = 0; e < d; e++) {
                        full[base + e] = quantizedKey(l, kh, base + e, true);
                        first[base + e] = quantizedKey(l, kh, base + e, false);
                        vq[base + e] = quantizedValue(l, kh, base + e);
                    }
                }
            }
            kFirst[l] = first;
            kFull[l] = full;
            vData[l] = vq;
        }

        /** Key element {@code i} of layer l as the datapath holds it: all bits, or the MSBs only (first pass). */
        private float quantizedKey(int l, int kh, int i, boolean full) {
            double ks = keyScale[kh];
            return (float) (full ? keyQuantizer.full(k[l][i], ks) : keyQuantizer.msb(k[l][i], ks));
        }

        private float quantizedValue(int l, int kh, int i) {
            double vs = valueScale[kh];
            return (float) (LinearQuantizer.quantize(v[l][i], vs, qc.valueBits()) * vs);
        }

        FunctionalResult execute() {
            int p0 = src.promptLength();
            if (kvPolicy != null) {
                observePrompt(p0);
            }
            if (src.decode()) {
                for (int s = 0; s < t - p0; s++) {
                    runStep(s, p0 + s, p0 + s + 1);
                }
            } else {
                runStep(0, 0, t);
            }
            List<LayerError> errors = new ArrayList<>();
            if (computeReference) {
                for (int l = 0; l < layers; l++) {
                    errors.add(new LayerError(l, outputs[l], refSq[l] == 0 ? Math.sqrt(errSq[l])
                            : Math.sqrt(errSq[l] / refSq[l]), maxAbs[l],
                            outputs[l] == 0 ? 1 : cosSum[l] / outputs[l]));
                }
            }
            return new FunctionalResult(out.build(), errors);
        }

        /** Cascade head pruning across the layers of one step: the heads still alive after each layer's top-k. */
        private final class HeadCascade {
            private int[] heads = new int[hq];
            private int count = hq;
            /** Per head, after {@link #layer}: alive in that layer. */
            final boolean[] alive = new boolean[hq];

            HeadCascade() {
                for (int h = 0; h < hq; h++) {
                    heads[h] = h;
                }
            }

            /** Prunes to layer l's head budget (top-k over the accumulated head importance); returns its cycles. */
            int layer(int l, double[] gathered) {
                int cycles = 0;
                int kept = headSchedule.keptCeil(hq, l);
                if (kept < count) {
                    int[] next = new int[count];
                    CascadePruning.Selection r = CascadePruning.heads(heads, count, headImportance, kept, engine,
                            gathered, next);
                    heads = java.util.Arrays.copyOf(next, r.count());
                    count = r.count();
                    cycles = (int) Math.min(Integer.MAX_VALUE, r.cycles());
                }
                java.util.Arrays.fill(alive, false);
                for (int i = 0; i < count; i++) {
                    alive[heads[i]] = true;
                }
                return cycles;
            }
        }

        /** The query and keys of one (layer, head) for a KV policy, unquantized (the recorded precision). */
        private final class TraceHeadData implements KvPolicy.HeadData {
            private int l;
            private int kh;
            private int qBase;

            TraceHeadData at(int layer, int head, int qp) {
                l = layer;
                kh = head / group;
                qBase = ((qp - qFrom[layer]) * hq + head) * d;
                return this;
            }

            @Override
            public double query(int i) {
                return q[l][qBase + i];
            }

            @Override
            public double key(int pos, int i) {
                return k[l][(pos * hkv + kh) * d + i];
            }
        }

        /**
         * The dense prefill's attention at the prompt positions the policy observes, layer by layer (a policy's state
         * is per layer), scored as the datapath scores with all key bits.
         */
        private void observePrompt(int p0) {
            int first = 0;
            while (first < p0 && !kvPolicy.observes(first)) {
                first++;
            }
            if (first >= p0) {
                return;
            }
            for (int l = 0; l < layers; l++) {
                if (streaming) {
                    load(l, first, p0);
                }
                for (int p = first; p < p0; p++) {
                    kvPolicy.beginStep(p, true);
                    for (int h = 0; h < hq; h++) {
                        int n = kvPolicy.select(l, h, headData.at(l, h, p), keyPos).count();
                        int qBase = ((p - qFrom[l]) * hq + h) * d;
                        for (int e = 0; e < d; e++) {
                            qv[e] = q[l][qBase + e];
                        }
                        if (quant) {
                            LinearQuantizer.fakeQuantize(qv, qc.queryBits());
                        }
                        score(l, true, h / group, n);
                        SoftmaxUnit.softmax(scores, n, probs, false);
                        kvPolicy.observe(l, h, keyPos, n, scores, probs);
                    }
                }
            }
        }

        /** One decode step under a KV policy: per layer, cascade head pruning, then each head's policy selection. */
        private void runPolicyStep(int step, int qp, int contextEnd) {
            kvPolicy.beginStep(qp, false);
            HeadCascade headCascade = new HeadCascade();
            double[] gathered = new double[hq];
            int[][] selected = new int[hq][contextEnd];
            int[] count = new int[hq];
            int[] rows = new int[hq];
            long[] dots = new long[hq];
            for (int l = 0; l < layers; l++) {
                if (streaming) {
                    load(l, qp, contextEnd);
                }
                int headCycles = headCascade.layer(l, gathered);
                boolean[] headAlive = headCascade.alive;
                // All selections first: the layer's top-k work gates its first task, as the cascade's does.
                long tokenCycles = 0;
                for (int h = 0; h < hq; h++) {
                    if (!headAlive[h]) {
                        continue;
                    }
                    KvSelection s = kvPolicy.select(l, h, headData.at(l, h, qp), selected[h]);
                    count[h] = s.count();
                    rows[h] = s.metadataRows();
                    dots[h] = s.metadataDots();
                    tokenCycles += s.topkCycles();
                }
                for (int h = 0; h < hq; h++) {
                    boolean first = h == 0;
                    runTask(step, l, h, qp, contextEnd, selected[h], headAlive[h] ? count[h] : 0, !headAlive[h],
                            first ? (int) Math.min(Integer.MAX_VALUE, tokenCycles) : 0, first ? headCycles : 0);
                    if (headAlive[h]) {
                        out.metadata(rows[h], dots[h]);
                    }
                }
            }
        }

        /** One step: queries at positions [firstQuery, contextEnd), keys [0, contextEnd). */
        private void runStep(int step, int firstQuery, int contextEnd) {
            if (kvPolicy != null) {
                runPolicyStep(step, firstQuery, contextEnd);
                return;
            }
            int length = contextEnd;
            int[][] alive = new int[groups][length];
            int[] aliveCount = new int[groups];
            boolean[][] aliveMask = new boolean[groups][length];
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < length; i++) {
                    alive[g][i] = i;
                }
                aliveCount[g] = length;
                java.util.Arrays.fill(aliveMask[g], true);
            }
            HeadCascade headCascade = new HeadCascade();
            double[] gathered = new double[Math.max(length, hq)];
            for (int l = 0; l < layers; l++) {
                if (streaming) {
                    load(l, firstQuery, contextEnd);
                }
                int tokenCycles = 0;
                int kept = tokenSchedule.kept(length, l);
                for (int g = 0; g < groups; g++) {
                    if (kept >= aliveCount[g]) {
                        continue;
                    }
                    int pinned = CascadePruning.pinned(kept, keepRecent, src.decode());
                    int[] next = new int[aliveCount[g]];
                    CascadePruning.Selection r = CascadePruning.tokens(alive[g], aliveCount[g], importance[g], kept,
                            pinned, engine, gathered, next);
                    next = java.util.Arrays.copyOf(next, r.count());
                    java.util.Arrays.fill(aliveMask[g], false);
                    for (int pos : next) {
                        aliveMask[g][pos] = true;
                    }
                    alive[g] = next;
                    aliveCount[g] = next.length;
                    // One top-k engine: the groups' selections run one after another.
                    tokenCycles = (int) Math.min(Integer.MAX_VALUE, (long) tokenCycles + r.cycles());
                }
                int headCycles = headCascade.layer(l, gathered);
                boolean[] headAlive = headCascade.alive;
                boolean first = true;
                for (int h = 0; h < hq; h++) {
                    int g = groups == 1 ? 0 : h / group;
                    for (int qp = firstQuery; qp < contextEnd; qp++) {
                        if (!aliveMask[g][qp]) {
                            continue; // prefill: a pruned token issues no query in later layers
                        }
                        runTask(step, l, h, qp, contextEnd, alive[g], aliveCount[g], !headAlive[h],
                                first ? tokenCycles : 0, first ? headCycles : 0);
                        first = false;
                    }
                }
            }
        }

        private void runTask(int step, int l, int h, int qp, int contextEnd, int[] alive, int aliveCount,
                             boolean headPruned, int tokenCycles, int headCycles) {
            int kh = h / group;
            int keyBits = quant ? (progressive ? qc.keyMsbBits() : qc.keyTotalBits()) : qc.denseBits();
            int lsbBits = quant && progressive ? qc.keyLsbBits() : 0;
            int valueBits = quant ? qc.valueBits() : qc.denseBits();
            // An encoder's query sees every position; a decoder's sees itself and the ones before it.
            int context = bidirectional ? contextEnd : qp + 1;
            if (headPruned) {
                java.util.Arrays.fill(o, 0);
                compare(step, l, h, qp, context);
                out.add(new AttentionTask(step, l, h, qp, context, 0, keyBits, lsbBits, false, 0, valueBits, true, 0,
                        tokenCycles, headCycles, 0), keyPos, valuePos);
                return;
            }
            // Kept keys visible to this query: the alive positions (<= qp when causal), ascending.
            int n = 0;
            while (n < aliveCount && (bidirectional || alive[n] <= qp)) {
                keyPos[n] = alive[n];
                n++;
            }
            int qBase = ((qp - qFrom[l]) * hq + h) * d;
            for (int e = 0; e < d; e++) {
                qv[e] = q[l][qBase + e];
            }
            if (quant) {
                LinearQuantizer.fakeQuantize(qv, qc.queryBits());
            }
            score(l, false, kh, n);
            double maxProb = SoftmaxUnit.softmax(scores, n, probs, false);
            boolean requant = progressive && maxProb < qc.requantThreshold();
            if (requant) {
                score(l, true, kh, n);
                SoftmaxUnit.softmax(scores, n, probs, false);
            }
            if (kvPolicy != null) {
                kvPolicy.observe(l, h, keyPos, n, scores, probs);
            } else {
                for (int j = 0; j < n; j++) {
                    importance[groups == 1 ? 0 : kh][keyPos[j]] += probs[j];
                }
            }
            int nv = n;
            int valueCycles = 0;
            if (valuePruning) {
                int target = CascadePruning.valueTarget(n, valueRatio);
                if (target < n) {
                    TopKResult r = engine.select(probs, n, target);
                    int[] idx = r.kept();
                    for (int j = 0; j < idx.length; j++) {
                        valuePos[j] = idx[j];
                    }
                    nv = idx.length;
                    valueCycles = (int) Math.min(Integer.MAX_VALUE, r.cycles());
                } else {
                    for (int j = 0; j < n; j++) {
                        valuePos[j] = j;
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    valuePos[j] = j;
                }
            }
            java.util.Arrays.fill(o, 0);
            float[] vl = vData[l];
            double mag = 0;
            for (int j = 0; j < nv; j++) {
                int slot = valuePos[j];
                double p = probs[slot];
                int vb = (keyPos[slot] * hkv + kh) * d;
                for (int e = 0; e < d; e++) {
                    o[e] += p * (vl != null ? vl[vb + e] : quantizedValue(l, kh, vb + e));
                }
                valuePos[j] = keyPos[slot]; // as a position, for the workload
            }
            for (int e = 0; e < d; e++) {
                mag += Math.abs(o[e]);
            }
            headImportance[h] += mag;
            compare(step, l, h, qp, context);
            out.add(new AttentionTask(step, l, h, qp, context, n, keyBits, lsbBits, requant, nv, valueBits, false, 0,
                    tokenCycles, headCycles, valueCycles), keyPos, valuePos);
        }

        private void score(int l, boolean full, int kh, int n) {
            float[] keys = full ? kFull[l] : kFirst[l];
            for (int j = 0; j < n; j++) {
                int kb = (keyPos[j] * hkv + kh) * d;
                double s = 0;
                if (keys != null) {
                    for (int e = 0; e < d; e++) {
                        s += qv[e] * keys[kb + e];
                    }
                } else {
                    for (int e = 0; e < d; e++) {
                        s += qv[e] * quantizedKey(l, kh, kb + e, full);
                    }
                }
                scores[j] = s * invSqrtD;
            }
        }

        /** Dense float64 reference for (layer, head, query) over all keys 0..qp, and error bookkeeping. */
        private void compare(int step, int l, int h, int qp, int context) {
            if (!computeReference && sink == null) {
                return;
            }
            int kh = h / group;
            int qBase = ((qp - qFrom[l]) * hq + h) * d;
            double max = Double.NEGATIVE_INFINITY;
            double[] s = scores; // reuse: the task's scores are no longer needed
            for (int j = 0; j < context; j++) {
                int kb = (j * hkv + kh) * d;
                double acc = 0;
                for (int e = 0; e < d; e++) {
                    acc += (double) q[l][qBase + e] * k[l][kb + e];
                }
                s[j] = acc * invSqrtD;
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < context; j++) {
                s[j] = Math.exp(s[j] - max);
                sum += s[j];
            }
            java.util.Arrays.fill(ref, 0);
            for (int j = 0; j < context; j++) {
                double p = s[j] / sum;
                int vb = (j * hkv + kh) * d;
                for (int e = 0; e < d; e++) {
                    ref[e] += p * v[l][vb + e];
                }
            }
            double dot = 0;
            double no = 0;
            double nr = 0;
            for (int e = 0; e < d; e++) {
                double diff = o[e] - ref[e];
                errSq[l] += diff * diff;
                refSq[l] += ref[e] * ref[e];
                maxAbs[l] = Math.max(maxAbs[l], Math.abs(diff));
                dot += o[e] * ref[e];
                no += o[e] * o[e];
                nr += ref[e] * ref[e];
            }
            cosSum[l] += (no == 0 && nr == 0) ? 1 : (no == 0 || nr == 0) ? 0 : dot / Math.sqrt(no * nr);
            outputs[l]++;
            if (sink != null) {
                sink.accept(step, l, h, qp, o, ref);
            }
        }
    }
}

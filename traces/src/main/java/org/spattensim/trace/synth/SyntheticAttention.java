package org.spattensim.trace.synth;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.stats.AttentionMath;

/**
 * Generates Q, K and V of one synthetic sequence whose attention softmax(Q·K^T/sqrt(D)) has the
 * properties real attention has; the probabilities are computed exactly from the generated Q and K.
 *
 * <p>Construction (per layer; K per KV head, Q per query head; D = head dimension):
 * <ul>
 *   <li>coordinate 0, the sink direction: k_j = 1 for the first {@code sinkTokens} keys, else 0;
 *       q = τ_h·a_h (attention sinks);</li>
 *   <li>coordinate 1, the heavy-hitter direction: k_j = 1 on {@code heavyHitters} positions drawn once per
 *       sequence, else 0; q = τ_h·b_h (heavy-hitter columns shared by layers and heads);</li>
 *   <li>F sinusoid pairs (cos ω_f j, sin ω_f j) in K and τ_h·c_h/F·(cos ω_f i, sin ω_f i) in Q, so their
 *       product is τ_h·c_h·mean_f cos(ω_f (i−j)): a band near the diagonal; ω_f are log-spaced from
 *       π/(2W) down to π/(16W), W = {@code localWindow} (like rotary features);</li>
 *   <li>the remaining r = D − 2 − 2F coordinates: Gaussian noise, K ~ N(0,1), Q ~ N(0, (τ_h σ_h)²/r), whose
 *       product gives logits of std τ_h·σ_h: log-normal-like, heavy-tailed row probabilities;</li>
 *   <li>per query head: τ_h log-uniform in [temperatureMin, temperatureMax], and a_h, b_h, c_h, σ_h the
 *       parameters times exp(headJitter·N(0,1)) each: heads differ in entropy and in kind.</li>
 * </ul>
 * Q is finally scaled by sqrt(D) so that the 1/sqrt(D) of attention cancels. V ~ N(0, valueStd²).
 * Every random stream is seeded from (seed, purpose, layer, head), so the result does not depend on the
 * order of generation: same seed, same bytes.
 */
public final class SyntheticAttention {
    private static final int TAG_HEAVY = 1;
    private static final int TAG_HEAD = 2;
    private static final int TAG_K = 3;
    private static final int TAG_Q = 4;
    private static final int TAG_V = 5;

    private final ModelShape shape;
    private final SynthParams params;
    private final long seed;
    private final int length;
    private final int freqs;
    private final int noiseDims;
    private final double[] omega;
    private final boolean[] heavy;

    /** Q, K and V of one layer, row-major [T, heads, D]. */
    public record Layer(int index, float[] q, float[] k, float[] v) {
    }

    /**
     * @param sequenceLength T, the positions generated (prompt + decode steps)
     */
    public SyntheticAttention(ModelShape shape, SynthParams params, long seed, int sequenceLength) {
        this.shape = shape;
        this.params = params;
        this.seed = seed;
        if (sequenceLength < 1) {
            throw InvalidInputException.of("synth", "sequence length", "is " + sequenceLength, "≥ 1");
        }
        this.length = sequenceLength;
        int d = shape.headDim();
        int f = params.localFrequencies() == 0 ? Math.min(8, Math.max(1, (d - 4) / 2)) : params.localFrequencies();
        if (2 + 2 * f + 1 > d) {
            throw InvalidInputException.of("synth parameters", "localFrequencies", f + " sinusoid pairs need head dim ≥ "
                    + (2 * f + 3) + " but " + shape.name() + " has " + d, "at most " + Math.max(0, (d - 3) / 2));
        }
        this.freqs = f;
        this.noiseDims = d - 2 - 2 * f;
        this.omega = new double[f];
        for (int i = 0; i < f; i++) {
            double frac = f == 1 ? 0 : (double) i / (f - 1);
            omega[i] = Math.PI / (2 * params.localWindow()) * Math.pow(1.0 / 8, frac);
        }
        this.heavy = new boolean[sequenceLength];
        UniformRandomProvider rng = rng(TAG_HEAVY, 0, 0);
        int first = Math.min(params.sinkTokens(), sequenceLength);
        int avail = sequenceLength - first;
        int want = Math.min(params.heavyHitters(), avail);
        // Floyd's sampling: want distinct positions in [first, T).
        for (int j = avail - want; j < avail; j++) {
            int t = rng.nextInt(j + 1);
            if (heavy[first + t]) {
                heavy[first + j] = true;
            } else {
                heavy[first + t] = true;
            }
        }
    }

    public ModelShape shape() {
        return shape;
    }

    public SynthParams params() {
        return params;
    }

    public int sequenceLength() {
        return length;
    }

    /** Sinusoid pairs used for the local band. */
    public int localFrequencies() {
        return freqs;
    }

    /** True if position {@code j} is a heavy-hitter key. */
    public boolean isHeavyHitter(int j) {
        return heavy[j];
    }

    /** Generates layer {@code l}. */
    public Layer layer(int l) {
        int d = shape.headDim();
        int hq = shape.queryHeads();
        int hkv = shape.kvHeads();
        float[] q = new float[length * hq * d];
        float[] k = new float[length * hkv * d];
        float[] v = new float[length * hkv * d];
        int sinks = params.sinkTokens();
        for (int g = 0; g < hkv; g++) {
            ZigguratSampler.NormalizedGaussian kn = ZigguratSampler.NormalizedGaussian.of(rng(TAG_K, l, g));
            ZigguratSampler.NormalizedGaussian vn = ZigguratSampler.NormalizedGaussian.of(rng(TAG_V, l, g));
            for (int j = 0; j < length; j++) {
                int o = (j * hkv + g) * d;
                k[o] = j < sinks ? 1f : 0f;
                k[o + 1] = heavy[j] ? 1f : 0f;
                for (int f = 0; f < freqs; f++) {
                    k[o + 2 + 2 * f] = (float) Math.cos(omega[f] * j);
                    k[o + 3 + 2 * f] = (float) Math.sin(omega[f] * j);
                }
                for (int x = 2 + 2 * freqs; x < d; x++) {
                    k[o + x] = (float) kn.sample();
                }
                for (int x = 0; x < d; x++) {
                    v[o + x] = (float) (params.valueStd() * vn.sample());
                }
            }
        }
        double rootD = Math.sqrt(d);
        for (int h = 0; h < hq; h++) {
            double[] hp = headParams(l, h);
            double tau = hp[0] * rootD;
            ZigguratSampler.NormalizedGaussian qn = ZigguratSampler.NormalizedGaussian.of(rng(TAG_Q, l, h));
            double noiseScale = tau * hp[4] / Math.sqrt(noiseDims);
            for (int i = 0; i < length; i++) {
                int o = (i * hq + h) * d;
                q[o] = (float) (tau * hp[1]);
                q[o + 1] = (float) (tau * hp[2]);
                for (int f = 0; f < freqs; f++) {
                    q[o + 2 + 2 * f] = (float) (tau * hp[3] / freqs * Math.cos(omega[f] * i));
                    q[o + 3 + 2 * f] = (float) (tau * hp[3] / freqs * Math.sin(omega[f] * i));
                }
                for (int x = 2 + 2 * freqs; x < d; x++) {
                    q[o + x] = (float) (noiseScale * qn.sample());
                }
            }
        }
        return new Layer(l, q, k, v);
    }

    /** Per-head {τ, a, b, c, σ} of layer l, query head h. */
    public double[] headParams(int l, int h) {
        UniformRandomProvider r = rng(TAG_HEAD, l, h);
        ZigguratSampler.NormalizedGaussian n = ZigguratSampler.NormalizedGaussian.of(r);
        double lo = Math.log(params.temperatureMin());
        double hi = Math.log(params.temperatureMax());
        double tau = Math.exp(lo + (hi - lo) * r.nextDouble());
        double j = params.headJitter();
        return new double[] {tau, params.sinkStrength() * Math.exp(j * n.sample()),
            params.heavyHitterStrength() * Math.exp(j * n.sample()), params.localStrength() * Math.exp(j * n.sample()),
            params.noiseStd() * Math.exp(j * n.sample())};
    }

    /** Keys the query at {@code position} attends to: position+1 (causal) or T (bidirectional). */
    public int keysFor(int position) {
        return shape.causal() ? position + 1 : length;
    }

    /**
     * Probabilities of query head {@code h} at {@code position} over its keys, into {@code dst[0..keysFor)},
     * computed from the generated float32 Q and K. {@code scratch} needs {@code keysFor(position)} slots.
     */
    public void probabilities(Layer layer, int h, int position, float[] dst, double[] scratch) {
        int d = shape.headDim();
        int g = h / shape.groupSize();
        AttentionMath.softmaxRow(layer.q(), (position * shape.queryHeads() + h) * d, layer.k(), g * d,
                shape.kvHeads() * d, keysFor(position), d, scratch, dst);
    }

    private UniformRandomProvider rng(int tag, int layer, int head) {
        long a = mix(seed ^ mix(tag * 0x9E3779B97F4A7C15L + layer));
        long b = mix(a ^ mix(((long) head << 32) + tag + 0x632BE59BD9B4E019L));
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {a, b});
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.spattensim.accel.spatten.functional;

import java.util.Random;
import org.spattensim.common.InvalidInputException;

/** An {@link AttentionSource} over arrays held in memory (tests, synthetic inputs, a recorded run). */
public final class InMemoryAttentionSource implements AttentionSource {
    private final String name;
    private final int hq;
    private final int hkv;
    private final int d;
    private final int t;
    private final int p;
    private final boolean decode;
    private final boolean bidirectional;
    private final float[][] q;
    private final float[][] k;
    private final float[][] v;

    public InMemoryAttentionSource(String name, int queryHeads, int kvHeads, int headDim, int sequenceLength,
                                   int promptLength, boolean decode, float[][] q, float[][] k, float[][] v) {
        this(name, queryHeads, kvHeads, headDim, sequenceLength, promptLength, decode, false, q, k, v);
    }

    /** @param bidirectional every query attends to every position (a prefill pass of an encoder) */
    public InMemoryAttentionSource(String name, int queryHeads, int kvHeads, int headDim, int sequenceLength,
                                   int promptLength, boolean decode, boolean bidirectional, float[][] q, float[][] k,
                                   float[][] v) {
        if (queryHeads <= 0 || kvHeads <= 0 || queryHeads % kvHeads != 0 || headDim <= 0 || sequenceLength <= 0
                || promptLength < 0 || promptLength > sequenceLength || (decode && promptLength == sequenceLength)) {
            throw new InvalidInputException(name + ": bad attention shape Hq=" + queryHeads + " Hkv=" + kvHeads
                    + " D=" + headDim + " T=" + sequenceLength + " P=" + promptLength + " decode=" + decode
                    + "; expected Hq a multiple of Hkv, all > 0, 0 <= P <= T, and P < T for decode");
        }
        if (q.length != k.length || q.length != v.length || q.length == 0) {
            throw new InvalidInputException(name + ": Q/K/V layer counts differ or are zero: " + q.length + "/"
                    + k.length + "/" + v.length);
        }
        for (int l = 0; l < q.length; l++) {
            check(name, "q", l, q[l], (long) sequenceLength * queryHeads * headDim);
            check(name, "k", l, k[l], (long) sequenceLength * kvHeads * headDim);
            check(name, "v", l, v[l], (long) sequenceLength * kvHeads * headDim);
        }
        this.name = name;
        this.hq = queryHeads;
        this.hkv = kvHeads;
        this.d = headDim;
        this.t = sequenceLength;
        this.p = promptLength;
        this.decode = decode;
        if (bidirectional && decode) {
            throw new InvalidInputException(name + ": bidirectional attention with decode steps; expected a prefill "
                    + "pass (an encoder attends to every position, but does not generate)");
        }
        this.bidirectional = bidirectional;
        this.q = q;
        this.k = k;
        this.v = v;
    }

    private static void check(String name, String what, int layer, float[] a, long expected) {
        if (a == null || a.length != expected) {
            throw new InvalidInputException(name + ": layer " + layer + " " + what + " has "
                    + (a == null ? "no data" : a.length + " values") + "; expected " + expected);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new InvalidInputException(name + ": layer " + layer + " " + what + "[" + i + "] is " + a[i]
                        + "; expected a finite number");
            }
        }
    }

    /** Gaussian Q/K/V with a seeded RNG; {@code peak} scales Q so that attention is peaked (> 0) or flat. */
    public static InMemoryAttentionSource random(long seed, int layers, int queryHeads, int kvHeads, int headDim,
                                                 int sequenceLength, int promptLength, boolean decode, double peak) {
        Random r = new Random(seed);
        float[][] q = new float[layers][sequenceLength * queryHeads * headDim];
        float[][] k = new float[layers][sequenceLength * kvHeads * headDim];
        float[][] v = new float[layers][sequenceLength * kvHeads * headDim];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < q[l].length; i++) {
                q[l][i] = (float) (r.nextGaussian() * peak);
            }
            for (int i = 0; i < k[l].length; i++) {
                k[l][i] = (float) r.nextGaussian();
                v[l][i] = (float) r.nextGaussian();
            }
        }
        return new InMemoryAttentionSource("random(seed=" + seed + ")", queryHeads, kvHeads, headDim, sequenceLength,
                promptLength, decode, q, k, v);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layers() {
        return q.length;
    }

    @Override
    public int queryHeads() {
        return hq;
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public int kvHeads() {
        return hkv;
    }

    @Override
    public int headDim() {
        return d;
    }

    @Override
    public int sequenceLength() {
        return t;
    }

    @Override
    public int promptLength() {
        return p;
    }

    @Override
    public boolean decode() {
        return decode;
    }

    @Override
    public float[] q(int layer) {
        return q[layer];
    }

    @Override
    public float[] k(int layer) {
        return k[layer];
    }

    @Override
    public float[] v(int layer) {
        return v[layer];
    }
}

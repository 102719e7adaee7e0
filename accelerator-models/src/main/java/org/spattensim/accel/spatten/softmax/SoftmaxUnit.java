package org.spattensim.accel.spatten.softmax;

import org.spattensim.accel.spatten.SpattenConfig;

/**
 * Functional softmax of the SpAtten datapath: subtract the row maximum (safe softmax; our assumption:
 * the paper does not say, and without it e^x overflows), exponentiate with {@link TaylorExp}, accumulate
 * and divide. Latency, from the released C++ model [RTL bert.cpp]: dequantize 7 + e^x 21 + accumulator
 * 23 + divider 29 + quantize 7, plus a FIFO of ceil(n / scores per cycle).
 */
public final class SoftmaxUnit {
    private SoftmaxUnit() {}

    /**
     * Writes softmax(scores[0..n)) into {@code probs}; returns the maximum probability (the progressive
     * quantization decision input). {@code exact = true} uses {@link Math#exp} (the float64 reference).
     */
    public static double softmax(double[] scores, int n, double[] probs, boolean exact) {
        if (n == 0) {
            return 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, scores[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = exact ? Math.exp(scores[i] - max) : TaylorExp.exp(scores[i] - max);
            probs[i] = e;
            sum += e;
        }
        double maxProb = 0;
        for (int i = 0; i < n; i++) {
            probs[i] /= sum;
            maxProb = Math.max(maxProb, probs[i]);
        }
        return maxProb;
    }

    /** Cycles from the first score in to the last probability out for n scores. */
    public static long latency(SpattenConfig config, int n) {
        int s = config.compute().scoresPerCycle();
        return config.latency().softmaxPipeline() + (n + s - 1) / s;
    }
}

package org.spattensim.results.baseline.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeadKernelTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return a;
    }

    /** Several query counts, key counts and masks, including the single-query (sgemv) path and odd sizes. */
    @Test
    void matchesFloat64Reference() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] cases = {{1, 1, 8, 1, 0}, {1, 37, 16, 37, 0}, {5, 5, 8, 1, 1}, {7, 19, 24, 13, 1}, {33, 64, 64, 64, 0},
                {16, 50, 3, 35, 1}};
        for (int[] c : cases) {
            int nQ = c[0];
            int nK = c[1];
            int d = c[2];
            int first = c[3];
            int step = c[4];
            float[] q = random(r, nQ * d + 3);
            float[] k = random(r, nK * d + 5);
            float[] v = random(r, nK * d + 5);
            float[] out = new float[nQ * d + 2];
            HeadKernel kernel = new HeadKernel(BLAS.getInstance(), nQ * nK);
            kernel.attend(q, 3, nQ, k, 5, v, 5, nK, d, first, step, out, 2);
            double[] ref = ReferenceAttention.attend(q, 3, nQ, k, 5, v, 5, d, first, step);
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], out[2 + i], 2e-5, "case nQ=" + nQ + " nK=" + nK + " d=" + d + " element " + i);
            }
        }
    }

    @Test
    void referenceIsAWeightedAverageOfValues() {
        // one key: softmax = 1, output = that value row exactly; two equal keys: the mean of the two values
        float[] q = {1, 2};
        double[] one = ReferenceAttention.attend(q, 0, 1, new float[] {3, 4}, 0, new float[] {5, -6}, 0, 2, 1, 0);
        assertEquals(5, one[0], 1e-12);
        assertEquals(-6, one[1], 1e-12);
        double[] two = ReferenceAttention.attend(q, 0, 1, new float[] {3, 4, 3, 4}, 0, new float[] {5, -6, 1, 2}, 0, 2, 2, 0);
        assertEquals(3, two[0], 1e-12);
        assertEquals(-2, two[1], 1e-12);
    }

    @Test
    void fastExpIsAccurateOverTheSoftmaxRange() {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            float x = -87f * i / 200_000;
            double rel = Math.abs(FastExp.exp(x) - Math.exp(x)) / Math.exp(x);
            worst = Math.max(worst, rel);
        }
        assertTrue(worst < 5e-7, "worst relative error " + worst);
        assertEquals(1f, FastExp.exp(0f), 0f);
        assertTrue(FastExp.exp(-1000f) >= 0f && FastExp.exp(-1000f) < 1e-37f);
    }
}

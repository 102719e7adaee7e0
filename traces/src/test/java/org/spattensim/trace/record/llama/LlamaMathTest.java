package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LlamaMathTest {

    @Test
    void rmsNormMatchesClosedForm() {
        // x = (3, 4): mean(x^2) = 12.5, so x / sqrt(12.5 + eps) scaled by w = (2, 0.5)
        float[] x = {3f, 4f};
        float[] w = {9f, 2f, 0.5f}; // weight offset 1
        float[] out = new float[2];
        float eps = 1e-5f;
        LlamaMath.rmsNorm(out, x, w, 1, 2, eps);
        double r = Math.sqrt(12.5 + eps);
        assertEquals(2 * 3 / r, out[0], 1e-6);
        assertEquals(0.5 * 4 / r, out[1], 1e-6);
    }

    @Test
    void rmsNormOfConstantVectorIsTheWeight() {
        float[] x = {-2f, -2f, -2f, -2f};
        float[] w = {1f, 2f, 3f, 4f};
        LlamaMath.rmsNorm(x, x, w, 0, 4, 0f); // in place
        assertArrayEquals(new float[] {-1f, -2f, -3f, -4f}, x, 1e-6f);
    }

    @Test
    void ropeRotatesEachPairByPosTimesItsFrequency() {
        int headSize = 4;
        int pos = 3;
        float[] v = {1f, 0f, 0.5f, 2f, 1f, 0f, 0f, 1f}; // two heads
        float[] orig = v.clone();
        LlamaMath.rope(v, 8, headSize, pos, 10000.0);
        for (int i = 0; i < 8; i += 2) {
            double theta = pos * Math.pow(10000.0, -(double) (i % headSize) / headSize);
            double a = orig[i];
            double b = orig[i + 1];
            assertEquals(a * Math.cos(theta) - b * Math.sin(theta), v[i], 1e-6, "element " + i);
            assertEquals(a * Math.sin(theta) + b * Math.cos(theta), v[i + 1], 1e-6, "element " + (i + 1));
        }
        // pair 0 turns by exactly pos radians: (1, 0) -> (cos 3, sin 3)
        assertEquals(Math.cos(3), v[0], 1e-6);
        assertEquals(Math.sin(3), v[1], 1e-6);
    }

    @Test
    void ropeAtPositionZeroIsIdentityAndKeepsNorms() {
        float[] v = {0.3f, -1.2f, 2f, 0.7f};
        float[] same = v.clone();
        LlamaMath.rope(same, 4, 4, 0, 10000.0);
        assertArrayEquals(v, same, 0f);
        float[] moved = v.clone();
        LlamaMath.rope(moved, 4, 4, 17, 10000.0);
        assertEquals(Math.hypot(v[0], v[1]), Math.hypot(moved[0], moved[1]), 1e-6);
        assertEquals(Math.hypot(v[2], v[3]), Math.hypot(moved[2], moved[3]), 1e-6);
    }

    @Test
    void ropeDotProductDependsOnlyOnRelativePosition() {
        float[] q1 = {0.4f, 1.1f, -0.3f, 0.8f};
        float[] k1 = {1.5f, -0.2f, 0.6f, 0.9f};
        float[] q2 = q1.clone();
        float[] k2 = k1.clone();
        LlamaMath.rope(q1, 4, 4, 7, 10000.0);
        LlamaMath.rope(k1, 4, 4, 5, 10000.0);
        LlamaMath.rope(q2, 4, 4, 12, 10000.0);
        LlamaMath.rope(k2, 4, 4, 10, 10000.0);
        double d1 = 0;
        double d2 = 0;
        for (int i = 0; i < 4; i++) {
            d1 += q1[i] * k1[i];
            d2 += q2[i] * k2[i];
        }
        assertEquals(d1, d2, 1e-5);
    }

    @Test
    void softmaxMatchesClosedFormAndHonoursMask() {
        float[] x = {1f, 2f, 3f, 100f};
        boolean[] keep = {true, true, true, false};
        LlamaMath.softmax(x, keep, 4);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z, x[0], 1e-7);
        assertEquals(Math.exp(2) / z, x[1], 1e-7);
        assertEquals(Math.exp(3) / z, x[2], 1e-7);
        assertEquals(0f, x[3]);
        float[] none = {1f, 2f};
        assertEquals(0.0, LlamaMath.softmax(none, new boolean[] {false, false}, 2));
        assertArrayEquals(new float[] {0f, 0f}, none);
    }

    @Test
    void matmulAndSilu() {
        float[] w = {0f, 1f, 2f, 3f, 4f, 5f, 6f}; // offset 1: [[1,2,3],[4,5,6]]
        float[] out = new float[2];
        LlamaMath.matmul(out, new float[] {1f, -1f, 2f}, w, 1, 2, 3);
        assertArrayEquals(new float[] {5f, 11f}, out);
        assertEquals(2 / (1 + Math.exp(-2)), LlamaMath.silu(2f), 1e-6);
        assertEquals(0f, LlamaMath.silu(0f));
    }
}

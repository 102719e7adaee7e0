package org.spattensim.accel.a3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A3's greedy candidate search against a straightforward independent implementation. */
class A3ApproximationTest {
    /**
     * Brute force: the M largest and the M smallest of all n x D element products (among rows in context), summed
     * per row; rows with a positive sum are the candidates (the greedy walk over sorted columns takes exactly these).
     */
    static TreeSet<Integer> bruteForceCandidates(double[] q, float[] k, int n, int d, int context, int m) {
        List<double[]> products = new ArrayList<>();
        for (int i = 0; i < context; i++) {
            for (int j = 0; j < d; j++) {
                products.add(new double[] {q[j] * k[i * d + j], i});
            }
        }
        products.sort((a, b) -> Double.compare(b[0], a[0]));
        double[] estimate = new double[n];
        boolean[] touched = new boolean[n];
        int total = products.size();
        // Each element is taken at most once: the max side from the top, the min side from the bottom.
        int top = 0;
        int bottom = total - 1;
        for (int it = 0; it < m && top <= bottom; it++) {
            double[] p = products.get(top++);
            estimate[(int) p[1]] += p[0];
            touched[(int) p[1]] = true;
            if (top <= bottom) {
                double[] s = products.get(bottom--);
                estimate[(int) s[1]] += s[0];
                touched[(int) s[1]] = true;
            }
        }
        TreeSet<Integer> out = new TreeSet<>();
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (touched[i] && estimate[i] > 0) {
                out.add(i);
            }
            if (touched[i] && (best < 0 || estimate[i] > estimate[best])) {
                best = i;
            }
        }
        if (out.isEmpty()) {
            out.add(best);
        }
        return out;
    }

    @Test
    void candidatesAreTheRowsWhoseExtremeProductsSumPositive() {
        Random rnd = new Random(7);
        int d = 16;
        int n = 40;
        for (int trial = 0; trial < 50; trial++) {
            float[] k = new float[n * d];
            float[] v = new float[n * d];
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) rnd.nextGaussian();
                v[i] = (float) rnd.nextGaussian();
            }
            double[] q = new double[d];
            for (int j = 0; j < d; j++) {
                q[j] = rnd.nextGaussian();
            }
            double fraction = 0.1 + 0.2 * (trial % 4);
            int context = trial % 2 == 0 ? n : 1 + rnd.nextInt(n);
            A3Approximation a = new A3Approximation(d, fraction, 1e9);
            a.prepare(k, n);
            int m = a.iterations(context);
            double[] out = new double[d];
            double[] ref = new double[d];
            A3Approximation.Outcome o = a.query(q, context, v, out, ref);
            TreeSet<Integer> expected = bruteForceCandidates(q, k, n, d, context, m);
            assertEquals(expected.size(), o.candidates(), "trial " + trial);
            // With an infinite threshold every candidate is kept.
            assertEquals(o.candidates(), o.kept(), "trial " + trial);
            // Independently: the output is softmax attention over exactly the brute-force candidates.
            double[] exp = new double[d];
            double max = Double.NEGATIVE_INFINITY;
            double[] s = new double[n];
            for (int i : expected) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[j] * k[i * d + j];
                }
                s[i] = dot / Math.sqrt(d);
                max = Math.max(max, s[i]);
            }
            double sum = 0;
            for (int i : expected) {
                double w = Math.exp(s[i] - max);
                sum += w;
                for (int j = 0; j < d; j++) {
                    exp[j] += w * v[i * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                assertEquals(exp[j] / sum, out[j], 1e-9, "trial " + trial + " element " + j);
            }
        }
    }

    @Test
    void allIterationsAndNoThresholdGiveExactAttentionOnRowsWithPositiveScore() {
        // With D = 2 and M = n, the two sides take all n x D elements once: the estimate is the exact dot product.
        Random rnd = new Random(3);
        int d = 2;
        int n = 30;
        float[] k = new float[n * d];
        float[] v = new float[n * d];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rnd.nextGaussian();
            v[i] = (float) rnd.nextGaussian();
        }
        double[] q = new double[d];
        Arrays.setAll(q, j -> rnd.nextGaussian());
        A3Approximation a = new A3Approximation(d, 1.0, 1e9);
        a.prepare(k, n);
        A3Approximation.Outcome o = a.query(q, n, v, new double[d], new double[d]);
        int positive = 0;
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += q[j] * k[i * d + j];
            }
            positive += dot > 0 ? 1 : 0;
        }
        assertEquals(positive, o.candidates());
        assertTrue(o.iterations() <= n * d);
    }

    @Test
    void postScoringKeepsCandidatesWithinTheThreshold() {
        Random rnd = new Random(11);
        int d = 8;
        int n = 64;
        float[] k = new float[n * d];
        float[] v = new float[n * d];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (3 * rnd.nextGaussian());
            v[i] = (float) rnd.nextGaussian();
        }
        double[] q = new double[d];
        Arrays.setAll(q, j -> rnd.nextGaussian());
        A3Approximation loose = new A3Approximation(d, 0.5, 1e9);
        loose.prepare(k, n);
        A3Approximation tight = new A3Approximation(d, 0.5, 0.5);
        tight.prepare(k, n);
        A3Approximation.Outcome all = loose.query(q, n, v, new double[d], null);
        A3Approximation.Outcome few = tight.query(q, n, v, new double[d], null);
        assertEquals(all.candidates(), few.candidates());
        assertTrue(few.kept() >= 1 && few.kept() < all.kept(), few + " vs " + all);
    }
}

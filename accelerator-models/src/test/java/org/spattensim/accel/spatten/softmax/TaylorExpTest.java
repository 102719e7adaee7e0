package org.spattensim.accel.spatten.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TaylorExpTest {
    @Test
    void relativeErrorBelowTheTaylorBoundOverTheSoftmaxRange() {
        Random r = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            double x = -60 * r.nextDouble();
            double e = Math.exp(x);
            assertEquals(e, TaylorExp.exp(x), 1e-11 * e, "x = " + x);
        }
        assertEquals(1.0, TaylorExp.exp(0), 0);
        assertEquals(0.0, TaylorExp.exp(-1000), 0);
    }

    @Test
    void softmaxSumsToOneAndReportsTheMax() {
        double[] s = {1, 2, 3, 0.5};
        double[] p = new double[4];
        double max = SoftmaxUnit.softmax(s, 4, p, false);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(0.5);
        assertEquals(Math.exp(3) / z, max, 1e-12);
        assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-12);
    }
}

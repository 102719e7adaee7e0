package org.spattensim.trace.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadStatsAccumulatorTest {
    @Test
    void uniformRowClosedForms() {
        HeadStatsAccumulator a = new HeadStatsAccumulator(0, 0, new StatsOptions(2, 4, 0.1, 0));
        float[] p = new float[10];
        Arrays.fill(p, 0.1f);
        a.add(p, 0, 10, 9);
        HeadStats s = a.result();
        assertEquals(Math.log(10), s.entropy(), 1e-6);
        assertEquals(1.0, s.normalizedEntropy(), 1e-6);
        assertEquals(0.1, s.maxProbMean(), 1e-6);
        assertEquals(0.1, s.topMass(), 1e-6); // ceil(0.1 * 10) = 1 key
        assertEquals(0.2, s.sinkMass(), 1e-6); // keys 0, 1
        assertEquals(0.4, s.localMass(), 1e-6); // keys 6..9
    }

    @Test
    void oneHotAndQuantiles() {
        HeadStatsAccumulator a = new HeadStatsAccumulator(1, 2, StatsOptions.DEFAULT);
        for (int r = 0; r < 5; r++) {
            float[] p = new float[20];
            p[0] = 0.5f + 0.1f * r;
            p[19] = 1 - p[0];
            a.add(p, 0, 20, 19);
        }
        HeadStats s = a.result();
        assertEquals(5, s.rows());
        assertEquals(0.7, s.maxProbP50(), 1e-6);
        assertEquals(0.5 + 0.1 * 0.4, s.maxProbP10(), 1e-6);
        assertEquals(0.7, s.sinkMass(), 1e-6);
        assertEquals(1.0, s.topMass(), 1e-6); // top 2 keys hold everything
        assertEquals(0.3, s.localMass(), 1e-6);
    }

    @Test
    void softmaxMatchesDirectFormula() {
        float[] q = {1f, 2f};
        float[] k = {0.5f, -1f, 3f, 0f, 0f, 1f};
        float[] dst = new float[3];
        AttentionMath.softmaxRow(q, 0, k, 0, 2, 3, 2, new double[3], dst);
        double[] s = {(0.5 - 2) / Math.sqrt(2), 3 / Math.sqrt(2), 2 / Math.sqrt(2)};
        double z = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
        assertArrayEquals(new float[] {(float) (Math.exp(s[0]) / z), (float) (Math.exp(s[1]) / z),
            (float) (Math.exp(s[2]) / z)}, dst, 1e-7f);
    }

    @Test
    void rowSelectionIsEvenAndKeepsTheEnds() {
        assertArrayEquals(new int[] {0, 1, 2}, TraceStatsCalculator.selectRows(3, 0));
        assertArrayEquals(new int[] {0, 50, 99}, TraceStatsCalculator.selectRows(100, 3));
    }
}

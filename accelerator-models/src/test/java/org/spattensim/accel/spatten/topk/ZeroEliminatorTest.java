package org.spattensim.accel.spatten.topk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ZeroEliminatorTest {
    @Test
    void compactsLikeAFilterForRandomMasks() {
        Random r = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(700);
            boolean[] keep = new boolean[n];
            int[] v = new int[n];
            double p = r.nextDouble();
            for (int i = 0; i < n; i++) {
                keep[i] = r.nextDouble() < p;
                v[i] = r.nextInt();
            }
            int[] expected = IntStream.range(0, n).filter(i -> keep[i]).map(i -> v[i]).toArray();
            assertArrayEquals(expected, ZeroEliminator.compact(keep, v, n), "trial " + trial);
        }
    }

    @Test
    void stageCountIsCeilLog2() {
        assertEquals(0, ZeroEliminator.stages(1));
        assertEquals(1, ZeroEliminator.stages(2));
        assertEquals(10, ZeroEliminator.stages(1024));
        assertEquals(11, ZeroEliminator.stages(1025));
    }
}

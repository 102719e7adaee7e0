package org.spattensim.accel.spatten.topk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReleasedTopKLatencyTest {

    @Test
    void meansMatchTheDerivedMeansOfTheReleasedModel() {
        // spatten-facts §5.1 derived means (500 trials); tolerance 6% (seed-dependent by a few cycles).
        int[][] points = {{1024, 204, 236}, {993, 204, 230}, {921, 184, 215}, {512, 128, 136}, {204, 40, 66},
            {102, 20, 45}};
        ReleasedTopKLatency model = new ReleasedTopKLatency(ReleasedTopKLatency.RELEASE_SEED);
        for (int[] p : points) {
            double sum = 0;
            for (int t = 0; t < 1000; t++) {
                sum += model.latency(p[0], p[1], 16);
            }
            assertEquals(p[2], sum / 1000, 0.06 * p[2], "n=" + p[0] + " target=" + p[1]);
        }
    }

    @Test
    void callSequenceIsTheReleaseSequenceRecomputed() {
        // Independent re-computation with java.util.Random(1) and boxed lists, one RNG across calls as the
        // release uses it; includes target >= size (walks right until no candidate is left).
        Random rng = new Random(1);
        ReleasedTopKLatency model = new ReleasedTopKLatency(1);
        int[][] calls = {{300, 40}, {993, 204}, {16, 16}, {8, 3}, {921, 184}, {1, 0}};
        for (int[] c : calls) {
            assertEquals(reference(rng, c[0], c[1]), model.latency(c[0], c[1], 16), "call " + c[0] + "," + c[1]);
        }
    }

    private static long reference(Random rng, int size, int target) {
        java.util.List<Integer> seq = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            seq.add(rng.nextInt());
        }
        long cycles = 0;
        while (!seq.isEmpty()) {
            cycles += (seq.size() + 15) / 16 + 3;
            int pivot = seq.get(rng.nextInt(seq.size()));
            java.util.List<Integer> l = seq.stream().filter(x -> x < pivot).toList();
            java.util.List<Integer> r = seq.stream().filter(x -> x > pivot).toList();
            int cnt = (int) seq.stream().filter(x -> x == pivot).count();
            if (l.size() <= target) {
                if (l.size() + cnt > target) {
                    break;
                }
                target -= l.size() + cnt;
                seq = r;
            } else {
                seq = l;
            }
        }
        return cycles;
    }
}

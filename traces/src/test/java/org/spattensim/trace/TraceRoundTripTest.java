package org.spattensim.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.safetensors.Half;

class TraceRoundTripTest {
    @TempDir
    Path dir;

    private static float[] gaussian(Random rnd, int n, boolean half) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (float) rnd.nextGaussian();
            a[i] = half ? Half.toFloat(Half.fromFloat(v)) : v;
        }
        return a;
    }

    @Test
    void prefillF32WithProbabilitiesRoundTrips() {
        int layers = 2, hq = 4, hkv = 2, d = 3, t = 5;
        TraceMetadata meta = TraceMetadata.builder().model("toy").shape(layers, hq, hkv, d).prefill(t)
                .tokenIds(new int[] {1, 5, 9, 2, 0}).prompt("a b c").source("unit test").probabilities(true)
                .extras(Map.of("seed", "7")).build();
        Random rnd = new Random(1);
        float[][] q = new float[layers][], k = new float[layers][], v = new float[layers][], p = new float[layers][];
        Path path = dir.resolve("prefill.safetensors");
        try (AttentionTraceWriter w = AttentionTraceWriter.open(path, meta)) {
            for (int l = 0; l < layers; l++) {
                q[l] = gaussian(rnd, t * hq * d, false);
                k[l] = gaussian(rnd, t * hkv * d, false);
                v[l] = gaussian(rnd, t * hkv * d, false);
                p[l] = new float[t * hq * t];
                for (int i = 0; i < t; i++) {
                    for (int h = 0; h < hq; h++) {
                        for (int j = 0; j <= i; j++) {
                            p[l][(i * hq + h) * t + j] = 1f / (i + 1);
                        }
                    }
                }
                w.writeQ(l, q[l]);
                w.writeK(l, k[l]);
                w.writeV(l, v[l]);
                w.writeProbabilities(l, p[l]);
            }
        }
        try (AttentionTraceReader r = AttentionTraceReader.open(path)) {
            assertEquals(meta, r.metadata());
            for (int l = 0; l < layers; l++) {
                assertArrayEquals(q[l], r.readQ(l));
                assertArrayEquals(k[l], r.readK(l));
                assertArrayEquals(v[l], r.readV(l));
                assertArrayEquals(p[l], r.readProbabilities(l));
                float[] rows = new float[2 * hq * d];
                r.readQ(l, 3, 2, rows, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(q[l], 3 * hq * d, 5 * hq * d), rows);
                float[] row = new float[t];
                r.readProbabilityRow(l, 2, 3, row, 0);
                assertArrayEquals(new float[] {1f / 3, 1f / 3, 1f / 3, 0, 0}, row);
            }
        }
    }

    @Test
    void decodeF16StreamsPerPositionAndPadsMaskedProbabilities() {
        int layers = 3, hq = 2, hkv = 1, d = 4, prompt = 3, steps = 4, t = prompt + steps;
        TraceMetadata meta = TraceMetadata.builder().model("toy").shape(layers, hq, hkv, d).decode(prompt, steps)
                .dtype(TraceDType.F16).probabilities(true).source("unit test").build();
        Random rnd = new Random(2);
        float[][] q = new float[layers][t * hq * d];
        float[][] probs = new float[layers][steps * hq * t];
        Path path = dir.resolve("decode.safetensors");
        try (AttentionTraceWriter w = AttentionTraceWriter.open(path, meta)) {
            for (int pos = 0; pos < t; pos++) {
                for (int l = 0; l < layers; l++) {
                    float[] qr = gaussian(rnd, hq * d, true);
                    System.arraycopy(qr, 0, q[l], pos * hq * d, qr.length);
                    w.writeQ(l, qr);
                    w.writeK(l, gaussian(rnd, hkv * d, true));
                    w.writeV(l, gaussian(rnd, hkv * d, true));
                    if (pos >= prompt) {
                        // Each head's row: pos + 1 probabilities (exactly representable in half) summing to 1.
                        float[] att = new float[hq * t];
                        for (int h = 0; h < hq; h++) {
                            for (int j = 0; j <= pos; j++) {
                                att[h * t + j] = j == pos ? 0.5f + 0.5f / (1 << pos) : 0.5f / (1 << (j + 1));
                            }
                            if (pos == 0) {
                                att[h * t] = 1f;
                            }
                        }
                        for (int h = 0; h < hq; h++) {
                            w.writeProbabilityRow(l, att, h * t, pos + 1);
                            System.arraycopy(att, h * t, probs[l], ((pos - prompt) * hq + h) * t, pos + 1);
                        }
                    }
                }
            }
        }
        try (AttentionTraceReader r = AttentionTraceReader.open(path)) {
            TraceMetadata m = r.metadata();
            assertEquals(meta, m);
            assertEquals(steps, m.queryRows());
            assertEquals(prompt + 1, m.queryPosition(1));
            for (int l = 0; l < layers; l++) {
                assertArrayEquals(q[l], r.readQ(l));
                assertArrayEquals(probs[l], r.readProbabilities(l));
            }
        }
    }
}

package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spattensim.trace.record.RecorderModel;

/**
 * The forward pass against golden_greedy_attention.json, computed by an independent float64 reference of the
 * llama2.c forward pass (see the model's README).
 */
class LlamaGoldenTest {
    static RecorderModel rm;
    static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        rm = RecorderModel.loadDefault();
        try (InputStream in = LlamaGoldenTest.class.getResourceAsStream(
                "/org/spattensim/models/stories260K/golden_greedy_attention.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void headerMatchesReadme() {
        LlamaConfig c = rm.model().config();
        assertEquals(new LlamaConfig(64, 172, 5, 8, 4, 512, 512, true), c);
        assertEquals(264128 - 2 * 2048, rm.model().weights().parameterCount());
    }

    @Test
    void greedyFromBosMatchesGoldenTokens() {
        JsonNode ids = golden.get("greedy_token_ids");
        int[] expected = new int[ids.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = ids.get(i).asInt();
        }
        LlamaSession s = rm.model().newSession();
        int[] got = new int[expected.length];
        got[0] = golden.get("bos_id").asInt();
        for (int i = 1; i < got.length; i++) {
            got[i] = argmax(s.step(got[i - 1]));
        }
        assertArrayEquals(expected, got);
    }

    @Test
    void attentionAtPosition15MatchesGolden() {
        int pos = golden.get("attention_position").asInt();
        JsonNode ids = golden.get("greedy_token_ids");
        JsonNode att = golden.get("attention_at_pos15");
        LlamaConfig c = rm.model().config();
        float[][][] seen = new float[c.nLayers()][c.nHeads()][];
        LlamaSession s = rm.model().newSession(AttentionPolicy.DENSE, (layer, p, q, k, v, probs) -> {
            if (p == pos) {
                for (int h = 0; h < c.nHeads(); h++) {
                    seen[layer][h] = java.util.Arrays.copyOf(probs[h], p + 1);
                }
            }
        });
        for (int i = 0; i <= pos; i++) {
            s.step(ids.get(i).asInt());
        }
        assertEquals(c.nLayers(), att.size());
        double maxErr = 0;
        for (int l = 0; l < c.nLayers(); l++) {
            assertEquals(c.nHeads(), att.get(l).size());
            for (int h = 0; h < c.nHeads(); h++) {
                JsonNode row = att.get(l).get(h);
                assertEquals(pos + 1, row.size());
                for (int t = 0; t <= pos; t++) {
                    double err = Math.abs(row.get(t).asDouble() - seen[l][h][t]);
                    maxErr = Math.max(maxErr, err);
                    assertEquals(row.get(t).asDouble(), seen[l][h][t], 1e-4,
                            "layer " + l + " head " + h + " key " + t);
                }
            }
        }
        System.out.println("max |p - golden| at position " + pos + ": " + maxErr);
    }
}

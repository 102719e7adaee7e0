package org.spattensim.trace.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.record.llama.AttentionPolicy;
import org.spattensim.trace.record.llama.HeadContext;
import org.spattensim.trace.record.llama.LlamaConfig;
import org.spattensim.trace.record.llama.LlamaSession;

class DecodeRecorderTest {
    static final RecorderModel MODEL = RecorderModel.loadDefault();
    static final DecodeRecorder RECORDER = new DecodeRecorder(MODEL);
    @TempDir
    Path dir;

    static JsonNode golden() throws IOException {
        try (InputStream in = DecodeRecorderTest.class.getResourceAsStream(
                "/org/spattensim/models/stories260K/golden_greedy_attention.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void greedyGenerationFromBosIsTheGoldenStory() throws IOException {
        JsonNode ids = golden().get("greedy_token_ids");
        Generation g = RECORDER.generate("", ids.size() - 1, TokenSampler.greedy());
        assertArrayEquals(new int[] {1}, g.promptTokens());
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i).asInt(), g.generatedTokens()[i - 1], "generated token " + i);
        }
        assertTrue(g.generatedText().startsWith("Once upon a time, there was a little girl named Lily. She loved"
                + " to play outside in the park."), g.generatedText());
    }

    @Test
    void decodeTraceReadsBackWithGoldenAttentionAndTheSessionsTensors() throws IOException {
        JsonNode golden = golden();
        int steps = 20;
        Generation g = RECORDER.generate("", steps, TokenSampler.greedy());
        Path file = dir.resolve("greedy.safetensors");
        TraceMetadata written = RECORDER.writeDecodeTrace(g, file, TraceDType.F32);

        // an independent run of the same tokens, capturing what the trace should hold
        LlamaConfig c = MODEL.model().config();
        int t = 1 + steps;
        List<float[]> qs = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        float[][][] probs = new float[c.nLayers()][t * c.nHeads()][];
        LlamaSession s = MODEL.model().newSession(AttentionPolicy.DENSE, (layer, pos, q, k, v, p) -> {
            if (layer == 2) {
                qs.add(q.clone());
                vs.add(v.clone());
            }
            for (int h = 0; h < c.nHeads(); h++) {
                probs[layer][pos * c.nHeads() + h] = Arrays.copyOf(p[h], t);
            }
        });
        for (int tok : g.allTokens()) {
            s.step(tok);
        }

        try (AttentionTraceReader r = AttentionTraceReader.open(file)) {
            TraceMetadata m = r.metadata();
            assertEquals(written, m);
            assertEquals(TraceMode.DECODE, m.mode());
            assertEquals("stories260K", m.modelName());
            assertEquals(1, m.promptLength());
            assertEquals(steps, m.steps());
            assertEquals(t, m.sequenceLength());
            assertEquals(5, m.layers());
            assertEquals(8, m.queryHeads());
            assertEquals(4, m.kvHeads());
            assertEquals(8, m.headDim());
            assertArrayEquals(g.allTokens(), m.tokenIds());
            assertTrue(m.source().contains("stories260K"), m.source());
            assertEquals(DecodeRecorder.ROPE_NOTE, m.extras().get("recorder.rope"));
            assertEquals(g.generatedText(), m.extras().get("recorder.generated_text"));

            float[] q = r.readQ(2);
            float[] v = r.readV(2);
            for (int pos = 0; pos < t; pos++) {
                assertArrayEquals(qs.get(pos), Arrays.copyOfRange(q, pos * 64, pos * 64 + 64), 0f, "q at " + pos);
                assertArrayEquals(vs.get(pos), Arrays.copyOfRange(v, pos * 32, pos * 32 + 32), 0f, "v at " + pos);
            }
            float[] row = new float[t];
            for (int l = 0; l < c.nLayers(); l++) {
                for (int step = 0; step < steps; step++) {
                    int pos = 1 + step;
                    for (int h = 0; h < c.nHeads(); h++) {
                        r.readProbabilityRow(l, step, h, row, 0);
                        assertArrayEquals(probs[l][pos * c.nHeads() + h], row, 0f, "layer " + l + " step " + step);
                    }
                }
            }
            // golden position 15 is decode step 14 (position 0 is the BOS prompt)
            int pos = golden.get("attention_position").asInt();
            JsonNode att = golden.get("attention_at_pos15");
            for (int l = 0; l < c.nLayers(); l++) {
                for (int h = 0; h < c.nHeads(); h++) {
                    r.readProbabilityRow(l, pos - 1, h, row, 0);
                    for (int k = 0; k < t; k++) {
                        double expect = k <= pos ? att.get(l).get(h).get(k).asDouble() : 0.0;
                        assertEquals(expect, row[k], 1e-4, "layer " + l + " head " + h + " key " + k);
                    }
                }
            }
        }
    }

    @Test
    void promptIsPrefilledAndF16TraceIsSmaller() throws IOException {
        Generation g = RECORDER.generate("Once upon a time", 4, TokenSampler.greedy());
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, g.promptTokens());
        Path f32 = dir.resolve("a.safetensors");
        Path f16 = dir.resolve("b.safetensors");
        RECORDER.writeDecodeTrace(g, f32, TraceDType.F32);
        TraceMetadata m = RECORDER.writeDecodeTrace(g, f16, TraceDType.F16);
        assertEquals(5, m.promptLength());
        assertEquals(4, m.steps());
        assertEquals("Once upon a time", m.prompt());
        assertTrue(Files.size(f16) < Files.size(f32));
    }

    @Test
    void prefillTraceHasAProbabilityRowPerPosition() throws IOException {
        Path f = dir.resolve("prefill.safetensors");
        TraceMetadata m = RECORDER.writePrefillTrace("Lily saw a big red ball", f, TraceDType.F32,
                AttentionPolicy.DENSE);
        try (AttentionTraceReader r = AttentionTraceReader.open(f)) {
            assertEquals(TraceMode.PREFILL, r.metadata().mode());
            assertEquals(m.sequenceLength(), r.metadata().queryRows());
            float[] row = new float[m.sequenceLength()];
            r.readProbabilityRow(4, 0, 7, row, 0);
            assertEquals(1f, row[0], 1e-6f); // position 0 attends only to itself
        }
    }

    @Test
    void samplingIsSeededAndDeterministic() {
        Generation a = RECORDER.generate("Lily", 24, new TokenSampler(1.0, 42));
        Generation b = RECORDER.generate("Lily", 24, new TokenSampler(1.0, 42));
        Generation c = RECORDER.generate("Lily", 24, new TokenSampler(1.0, 43));
        assertEquals(a, b);
        assertFalse(Arrays.equals(a.generatedTokens(), c.generatedTokens()));
        assertNotEquals(RECORDER.generate("Lily", 24, TokenSampler.greedy()), a);
        assertThrows(InvalidInputException.class, () -> new TokenSampler(-1, 0));
        assertThrows(InvalidInputException.class, () -> new TokenSampler(Double.NaN, 0));
    }

    @Test
    void stepsBeyondTheContextAreAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RECORDER.generate("", 512, TokenSampler.greedy()));
        assertTrue(e.getMessage().contains("1 tokens (with BOS) + 512 steps = 513 positions exceed the context")
                && e.getMessage().contains("at most 511 steps"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> RECORDER.generate("", 0, TokenSampler.greedy()));
        assertEquals(511, RECORDER.generate("", 511, TokenSampler.greedy()).generatedTokens().length);
    }

    @Test
    void logitsListenerAndTeacherForcingAgree() {
        List<float[]> seen = new ArrayList<>();
        Generation g = RECORDER.generate("Once", 6, TokenSampler.greedy(), AttentionPolicy.DENSE,
                (pos, token, logits) -> seen.add(logits.clone()));
        int[] all = g.allTokens();
        float[][] forced = MODEL.model().teacherForcedLogits(Arrays.copyOf(all, all.length - 1),
                AttentionPolicy.DENSE);
        assertEquals(forced.length, seen.size());
        for (int i = 0; i < forced.length; i++) {
            assertArrayEquals(forced[i], seen.get(i), 0f);
            if (i + 1 >= g.promptTokens().length) {
                assertEquals(all[i + 1], TokenSampler.argmax(forced[i]), "greedy token at " + (i + 1));
            }
        }
        // a policy that drops every key but the newest changes the predictions
        float[][] local = MODEL.model().teacherForcedLogits(all, new AttentionPolicy() {
            @Override
            public void selectKeys(HeadContext ctx, boolean[] keep) {
                Arrays.fill(keep, 0, ctx.position(), false);
            }
        });
        assertFalse(Arrays.equals(forced[forced.length - 1], local[forced.length - 1]));
    }

    @Test
    void modelDirectoryLoadsLikeTheBundledModel() throws IOException {
        for (String f : new String[] {"stories260K.bin", "tok512.bin"}) {
            try (InputStream in = getClass().getResourceAsStream("/org/spattensim/models/stories260K/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        RecorderModel fromDir = RecorderModel.load(dir.toString());
        assertEquals(MODEL.model().config(), fromDir.model().config());
        assertArrayEquals(new DecodeRecorder(fromDir).generate("", 8, TokenSampler.greedy()).generatedTokens(),
                RECORDER.generate("", 8, TokenSampler.greedy()).generatedTokens());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RecorderModel.load(dir.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("neither a bundled model nor a directory"), e.getMessage());
        Files.delete(dir.resolve("tok512.bin"));
        e = assertThrows(InvalidInputException.class, () -> RecorderModel.load(dir.toString()));
        assertTrue(e.getMessage().contains("tokenizer: found 0 candidate files"), e.getMessage());
    }
}

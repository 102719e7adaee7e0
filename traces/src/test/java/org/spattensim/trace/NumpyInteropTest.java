package org.spattensim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.safetensors.Half;

/**
 * Interop with numpy users: {@code tools/trace_numpy.py} (numpy only) writes traces that our reader
 * decodes bit for bit, and reads ours back bit for bit. Both sides compare SHA-256 digests of the
 * little-endian tensor bytes computed from the values each side holds in memory. Needs python3
 * with numpy on the PATH (CI has them); without them the test fails saying so.
 */
class NumpyInteropTest {
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonAndScript() throws Exception {
        Path d = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (d != null && !Files.exists(d.resolve("tools/trace_numpy.py"))) {
            d = d.getParent();
        }
        if (d == null) {
            fail("tools/trace_numpy.py not found above " + System.getProperty("user.dir"));
        }
        script = d.resolve("tools/trace_numpy.py");
        Result r;
        try {
            r = run(List.of("python3", "-c", "import numpy; print(numpy.__version__)"));
        } catch (IOException e) {
            fail("python3 is not on the PATH; this test needs python3 with numpy (" + e.getMessage() + ")");
            return;
        }
        if (r.code != 0) {
            fail("python3 cannot import numpy; this test needs python3 with numpy installed:\n" + r.err);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("py", ".out");
        Path err = Files.createTempFile("py", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static JsonNode python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        assertEquals(0, r.code, "python3 " + String.join(" ", args) + " failed:\n" + r.err);
        return new ObjectMapper().readTree(r.out);
    }

    private static String sha(ByteBuffer b) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(b.flip());
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of the values encoded as the file stores them (F32, F16 or BF16, little-endian). */
    static String floatDigest(float[] v, TraceDType dt) throws NoSuchAlgorithmException {
        ByteBuffer b = ByteBuffer.allocate(v.length * (dt == TraceDType.F32 ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            if (dt == TraceDType.F16) {
                b.putShort(Half.fromFloat(f));
            } else if (dt == TraceDType.BF16) {
                b.putShort(org.spattensim.trace.safetensors.BFloat16.fromFloat(f));
            } else {
                b.putInt(Float.floatToRawIntBits(f));
            }
        }
        return sha(b);
    }

    static String intDigest(int[] v) throws NoSuchAlgorithmException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return sha(b);
    }

    private static void assertMetadata(JsonNode m, TraceMetadata meta) {
        assertEquals(m.get("schema_version").intValue(), meta.schemaVersion());
        assertEquals(m.get("model").textValue(), meta.modelName());
        assertEquals(m.get("layers").intValue(), meta.layers());
        assertEquals(m.get("query_heads").intValue(), meta.queryHeads());
        assertEquals(m.get("kv_heads").intValue(), meta.kvHeads());
        assertEquals(m.get("head_dim").intValue(), meta.headDim());
        assertEquals(m.get("mode").textValue(), meta.mode().fileName());
        assertEquals(m.get("dtype").textValue(), meta.dtype().name());
        assertEquals(m.get("sequence_length").intValue(), meta.sequenceLength());
        assertEquals(m.get("prompt_length").intValue(), meta.promptLength());
        assertEquals(m.get("prompt").textValue(), meta.prompt());
        assertEquals(m.get("source").textValue(), meta.source());
        assertEquals(m.get("has_qkv").booleanValue(), meta.hasQkv());
        assertEquals(m.get("has_probabilities").booleanValue(), meta.hasProbabilities());
        Map<String, String> extras = new LinkedHashMap<>();
        if (m.has("extras")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = m.get("extras").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                extras.put(e.getKey(), e.getValue().textValue());
            }
        }
        assertEquals(extras, meta.extras());
    }

    @Test
    void numpyWrittenTracesReadBitForBit() throws Exception {
        for (String[] combo : new String[][] {{"decode", "F16"}, {"prefill", "F32"}, {"decode", "BF16"}}) {
            Path p = dir.resolve("numpy-" + combo[0] + "-" + combo[1] + ".safetensors");
            JsonNode expected = python("selftest-write", p.toString(), "--mode", combo[0], "--dtype", combo[1]);
            try (AttentionTraceReader r = AttentionTraceReader.open(p)) {
                TraceMetadata meta = r.metadata();
                assertMetadata(expected.get("metadata"), meta);
                JsonNode tensors = expected.get("tensors");
                int checked = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    String want = e.getValue().get("sha256").textValue();
                    String got;
                    if (name.equals(TraceSchema.TOKENS)) {
                        got = intDigest(meta.tokenIds());
                    } else {
                        String[] parts = name.split("\\.");
                        int l = Integer.parseInt(parts[1]);
                        float[] v;
                        switch (parts[2]) {
                            case "q": v = r.readQ(l); break;
                            case "k": v = r.readK(l); break;
                            case "v": v = r.readV(l); break;
                            default: v = r.readProbabilities(l); break;
                        }
                        got = floatDigest(v, meta.dtype());
                    }
                    assertEquals(want, got, combo[0] + "/" + combo[1] + " tensor " + name);
                    checked++;
                }
                assertEquals(1 + 4 * meta.layers(), checked);
            }
        }
    }

    @Test
    void javaWrittenTracesReadBitForBitByNumpy() throws Exception {
        Random rnd = new Random(42);
        for (TraceDType dt : TraceDType.values()) {
            int layers = 2, hq = 6, hkv = 3, d = 5, prompt = 4, steps = 3, t = prompt + steps;
            int[] tokens = new int[t];
            for (int i = 0; i < t; i++) {
                tokens[i] = rnd.nextInt(32000);
            }
            TraceMetadata meta = TraceMetadata.builder().model("java-writer").shape(layers, hq, hkv, d)
                    .decode(prompt, steps).dtype(dt).probabilities(true).tokenIds(tokens)
                    .prompt("Es war einmal \u2014 \u00e9t\u00e9 \"quoted\" \\ back").source("NumpyInteropTest")
                    .extras(Map.of("temperature", "0.0", "note", "\u00fc")).build();
            Map<String, String> want = new LinkedHashMap<>();
            want.put(TraceSchema.TOKENS, intDigest(tokens));
            Path p = dir.resolve("java-" + dt + ".safetensors");
            try (AttentionTraceWriter w = AttentionTraceWriter.open(p, meta)) {
                for (int l = 0; l < layers; l++) {
                    float[] q = gaussian(rnd, t * hq * d);
                    float[] k = gaussian(rnd, t * hkv * d);
                    float[] v = gaussian(rnd, t * hkv * d);
                    float[] pr = new float[steps * hq * t];
                    for (int i = 0; i < pr.length; i++) {
                        int key = i % t;
                        int pos = prompt + i / (hq * t);
                        pr[i] = key <= pos ? rnd.nextFloat() : 0f;
                    }
                    w.writeQ(l, q);
                    w.writeK(l, k);
                    w.writeV(l, v);
                    w.writeProbabilities(l, pr);
                    want.put(TraceSchema.q(l), floatDigest(q, dt));
                    want.put(TraceSchema.k(l), floatDigest(k, dt));
                    want.put(TraceSchema.v(l), floatDigest(v, dt));
                    want.put(TraceSchema.probs(l), floatDigest(pr, dt));
                }
            }
            JsonNode got = python("digest", p.toString());
            assertMetadata(got.get("metadata"), meta);
            JsonNode tensors = got.get("tensors");
            assertEquals(want.size(), tensors.size());
            for (Map.Entry<String, String> e : want.entrySet()) {
                JsonNode n = tensors.get(e.getKey());
                assertTrue(n != null, "numpy sees tensor " + e.getKey());
                assertEquals(e.getKey().equals(TraceSchema.TOKENS) ? "I32" : dt.name(), n.get("dtype").textValue());
                assertEquals(e.getValue(), n.get("sha256").textValue(), dt + " tensor " + e.getKey());
            }
            assertEquals("[7,6,5]", tensors.get("layer.1.q").get("shape").toString());
            assertEquals("[3,6,7]", tensors.get("layer.0.probs").get("shape").toString());
        }
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}

package org.spattensim.trace;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.safetensors.DType;
import org.spattensim.trace.safetensors.SafetensorsWriter;

/** Schema-level errors: metadata keys and values, tensors that disagree with the metadata. */
class TraceErrorTest {
    @TempDir
    Path dir;

    private static final TraceMetadata META = TraceMetadata.builder().model("toy").shape(2, 2, 1, 2).prefill(3)
            .probabilities(true).source("test").build();

    /** Writes a trace whose metadata entries and tensor list can be altered. */
    private Path write(Consumer<Map<String, String>> editMeta, String skip, String reshape, long[] newShape,
                       DType dtype) {
        Map<String, String> meta = new java.util.LinkedHashMap<>(TraceMetadataCodec.encode(META));
        editMeta.accept(meta);
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata(meta);
        for (int l = 0; l < 2; l++) {
            add(b, TraceSchema.q(l), META.qShape(), skip, reshape, newShape, dtype);
            add(b, TraceSchema.k(l), META.kvShape(), skip, reshape, newShape, dtype);
            add(b, TraceSchema.v(l), META.kvShape(), skip, reshape, newShape, dtype);
            add(b, TraceSchema.probs(l), META.probsShape(), skip, reshape, newShape, dtype);
        }
        if ("layer.2.q".equals(reshape)) {
            b.tensor(reshape, DType.F32, newShape);
        }
        Path p = dir.resolve("t" + System.nanoTime() + ".safetensors");
        SafetensorsWriter w = b.open(p);
        for (int l = 0; l < 3; l++) {
            for (String n : new String[] {TraceSchema.q(l), TraceSchema.k(l), TraceSchema.v(l), TraceSchema.probs(l)}) {
                if (!n.equals(skip) && (l < 2 || n.equals(reshape))) {
                    w.writeFloats(n, new float[(int) w.remaining(n)]);
                }
            }
        }
        w.close();
        return p;
    }

    private static void add(SafetensorsWriter.Builder b, String name, long[] shape, String skip, String reshape,
                            long[] newShape, DType dtype) {
        if (name.equals(skip)) {
            return;
        }
        boolean target = name.equals(reshape);
        b.tensor(name, target && dtype != null ? dtype : DType.F32, target && newShape != null ? newShape : shape);
    }

    private Path withMeta(Consumer<Map<String, String>> edit) {
        return write(edit, null, null, null, null);
    }

    private static String fail(Path p, String... parts) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            try (AttentionTraceReader r = AttentionTraceReader.open(p)) {
                r.readQ(0);
            }
        });
        String msg = e.getMessage();
        assertTrue(msg.startsWith(p.toString() + ": "), "names the file: " + msg);
        for (String s : parts) {
            assertTrue(msg.contains(s), "'" + msg + "' should contain '" + s + "'");
        }
        return msg;
    }

    @Test
    void validBaselineOpens() {
        try (AttentionTraceReader r = AttentionTraceReader.open(withMeta(m -> { }))) {
            assertTrue(r.metadata().equals(META));
        }
    }

    @Test
    void unsupportedSchemaVersion() {
        fail(withMeta(m -> m.put(TraceSchema.KEY_SCHEMA_VERSION, "2")), "spatten_trace.schema_version",
                "unsupported schema version 2", "expected version 1");
    }

    @Test
    void notATrace() {
        fail(withMeta(m -> m.remove(TraceSchema.KEY_SCHEMA_VERSION)), "missing key 'spatten_trace.schema_version'",
                "not a spatten trace");
    }

    @Test
    void missingMetadataKey() {
        fail(withMeta(m -> m.remove(TraceSchema.KEY_KV_HEADS)), "__metadata__", "missing key 'spatten_trace.kv_heads'");
    }

    @Test
    void unknownMetadataKey() {
        fail(withMeta(m -> m.put("spatten_trace.layres", "2")), "unknown key 'spatten_trace.layres'");
    }

    @Test
    void badMetadataValues() {
        fail(withMeta(m -> m.put(TraceSchema.KEY_LAYERS, "two")), "spatten_trace.layers", "not valid JSON");
        fail(withMeta(m -> m.put(TraceSchema.KEY_LAYERS, "\"2\"")), "spatten_trace.layers", "expected a JSON integer");
        fail(withMeta(m -> m.put(TraceSchema.KEY_MODE, "\"train\"")), "spatten_trace.mode", "'train'",
                "\"prefill\" or \"decode\"");
        fail(withMeta(m -> m.put(TraceSchema.KEY_DTYPE, "\"Q4\"")), "spatten_trace.dtype", "\"F32\", \"F16\" or \"BF16\"");
        fail(withMeta(m -> m.put(TraceSchema.KEY_MODEL, "toy")), "spatten_trace.model", "not valid JSON");
        fail(withMeta(m -> m.put(TraceSchema.KEY_HAS_QKV, "1")), "spatten_trace.has_qkv", "true or false");
        fail(withMeta(m -> m.put(TraceSchema.KEY_KV_HEADS, "3")), "kv_heads", "does not divide query_heads 2");
        fail(withMeta(m -> m.put(TraceSchema.KEY_PROMPT_LENGTH, "1")), "prompt_length",
                "expected prompt_length = sequence_length (3)");
    }

    @Test
    void shapeDisagreesWithMetadata() {
        fail(write(m -> { }, null, "layer.1.k", new long[] {3, 2, 2}, null), "tensor 'layer.1.k'",
                "shape [3, 2, 2] disagrees with the metadata", "expected shape [3, 1, 2]");
        fail(write(m -> { }, null, "layer.0.probs", new long[] {2, 2, 3}, null), "tensor 'layer.0.probs'",
                "expected shape [3, 2, 3]");
        fail(withMeta(m -> {
            m.put(TraceSchema.KEY_SEQUENCE_LENGTH, "4");
            m.put(TraceSchema.KEY_PROMPT_LENGTH, "4");
        }), "tensor 'layer.0.q'", "expected shape [4, 2, 2]");
    }

    @Test
    void dtypeDisagreesWithMetadata() {
        fail(write(m -> { }, null, "layer.0.v", null, DType.F16), "tensor 'layer.0.v'",
                "dtype F16 disagrees with metadata dtype F32");
    }

    @Test
    void missingTensors() {
        fail(write(m -> { }, "layer.1.probs", null, null, null), "tensor 'layer.1.probs'", "missing",
                "has_probabilities is true");
        fail(write(m -> { }, "layer.0.q", null, null, null), "tensor 'layer.0.q'", "missing", "F32 [3, 2, 2]");
    }

    @Test
    void tensorsTheMetadataDoesNotDeclare() {
        fail(write(m -> { }, null, "layer.2.q", new long[] {3, 2, 2}, null), "tensor 'layer.2.q'",
                "not part of a trace with 2 layers");
        fail(withMeta(m -> m.put(TraceSchema.KEY_HAS_PROBABILITIES, "false")), "tensor 'layer.0.probs'",
                "has_probabilities=false");
    }

    @Test
    void badTokens() {
        Map<String, String> meta = TraceMetadataCodec.encode(META);
        Path p = dir.resolve("tokens.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata(meta).tensor(TraceSchema.TOKENS, DType.I64, 3);
        for (int l = 0; l < 2; l++) {
            b.tensor(TraceSchema.q(l), DType.F32, META.qShape()).tensor(TraceSchema.k(l), DType.F32, META.kvShape())
                    .tensor(TraceSchema.v(l), DType.F32, META.kvShape())
                    .tensor(TraceSchema.probs(l), DType.F32, META.probsShape());
        }
        try (SafetensorsWriter w = b.open(p)) {
            w.writeLongs(TraceSchema.TOKENS, new long[] {1, 2, 3});
            for (int l = 0; l < 2; l++) {
                for (String n : new String[] {TraceSchema.q(l), TraceSchema.k(l), TraceSchema.v(l), TraceSchema.probs(l)}) {
                    w.writeFloats(n, new float[(int) w.remaining(n)]);
                }
            }
        }
        fail(p, "tensor 'tokens'", "I64 [3]", "expected I32 [sequence_length]");
    }

    @Test
    void metadataRecordValidatesFields() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TraceMetadata.builder().model("m").shape(0, 2, 1, 2).prefill(3).build());
        assertTrue(e.getMessage().contains("layers: is 0; expected a positive integer"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TraceMetadata.builder().model("m").shape(1, 2, 1, 2).decode(3, 0).build());
        assertTrue(e.getMessage().contains("prompt_length"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TraceMetadata.builder().model("m").shape(1, 2, 1, 2).prefill(3).tokenIds(new int[2]).build());
        assertTrue(e.getMessage().contains("tokens: 2 token ids; expected none or sequence_length = 3"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TraceMetadata.builder().model("m").shape(1, 2, 1, 2).prefill(3).qkv(false).build());
        assertTrue(e.getMessage().contains("both false"), e.getMessage());
    }
}

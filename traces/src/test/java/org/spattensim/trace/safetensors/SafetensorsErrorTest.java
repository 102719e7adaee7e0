package org.spattensim.trace.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;

/** Every kind of corrupt container gets an {@link InvalidInputException} naming file, tensor and expectation. */
class SafetensorsErrorTest {
    @TempDir
    Path dir;

    /** Writes {@code header} (no padding) and {@code data} as a safetensors file. */
    static Path raw(Path dir, String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static String fail(Path p) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                for (TensorInfo t : f.tensors().values()) {
                    if (t.dtype().isFloating()) {
                        f.readDoubles(t.name());
                    }
                }
            }
        });
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static void contains(String msg, String... parts) {
        for (String s : parts) {
            assertTrue(msg.contains(s), "'" + msg + "' should contain '" + s + "'");
        }
    }

    private Path valid() {
        Path p = dir.resolve("valid.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.builder().metadata("m", "x").tensor("a", DType.F32, 2, 3)
                .tensor("b", DType.F32, 4).open(p)) {
            w.writeFloats("a", new float[] {1, 2, 3, 4, 5, 6});
            w.writeFloats("b", new float[] {7, 8, 9, 10});
        }
        return p;
    }

    @Test
    void truncatedFileNamesTheTensorThatRunsPastTheData() throws IOException {
        Path p = valid();
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 3));
        contains(fail(p), "tensor 'b'", "runs past the end of the data section", "truncated", "expected end <=");
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path p = dir.resolve("tiny");
        Files.write(p, new byte[] {1, 2, 3});
        contains(fail(p), "header length", "3 bytes", "too short");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        Path p = valid();
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, 40));
        contains(fail(p), "header length", "runs past the end of the file", "file is 40 bytes", "expected at most 32");
    }

    @Test
    void headerLargerThanTheCap() throws IOException {
        Path p = dir.resolve("huge-header");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).putLong(0);
        Files.write(p, b.array());
        contains(fail(p), "header length", "200000000", "exceeds the cap of 100000000");
        // A JSON file is not a safetensors file: its first bytes read as an absurd length.
        Path json = dir.resolve("not.safetensors");
        Files.writeString(json, "{\"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]}}");
        contains(fail(json), "header length", "exceeds the cap");
    }

    @Test
    void invalidJson() throws IOException {
        contains(fail(raw(dir, "bad-json", "{\"a\": {\"dtype\": \"F32\",", new byte[0])), "header",
                "not valid JSON", "expected a JSON object");
        contains(fail(raw(dir, "array", "[1, 2]", new byte[0])), "header JSON is array", "expected a JSON object");
        contains(fail(raw(dir, "dup", "{\"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]}}", floats(1))), "Duplicate");
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        Path p = dir.resolve("utf");
        ByteBuffer b = ByteBuffer.allocate(8 + notUtf8.length).order(ByteOrder.LITTLE_ENDIAN).putLong(notUtf8.length)
                .put(notUtf8);
        Files.write(p, b.array());
        contains(fail(p), "not valid UTF-8");
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = raw(dir, "dtype", "{\"a\": {\"dtype\": \"Q4\", \"shape\": [2], \"data_offsets\": [0, 1]}}", new byte[1]);
        contains(fail(p), "tensor 'a'", "unknown or unsupported dtype 'Q4'", "expected one of F64, F32, F16, BF16, I64, I32, U8, BOOL");
    }

    @Test
    void malformedEntries() throws IOException {
        contains(fail(raw(dir, "shape", "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}",
                floats(1))), "tensor 'a'", "dimension -1", "non-negative");
        contains(fail(raw(dir, "offs", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4]}}",
                floats(1))), "tensor 'a'", "data_offsets", "[begin, end]");
        contains(fail(raw(dir, "rev", "{\"a\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [4, 0]}}",
                floats(1))), "tensor 'a'", "not a range");
        contains(fail(raw(dir, "meta", "{\"__metadata__\": {\"k\": 3}}", new byte[0])), "__metadata__.k",
                "not a string");
        contains(fail(raw(dir, "key", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"x\": 1}}",
                floats(1))), "tensor 'a'", "unknown key 'x'");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path p = raw(dir, "overlap", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", floats(1, 2, 3));
        contains(fail(p), "tensor 'b'", "overlap tensor 'a'", "expected tensors that do not overlap");
    }

    @Test
    void offsetsPastTheData() throws IOException {
        Path p = raw(dir, "past", "{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}",
                floats(1, 2));
        contains(fail(p), "tensor 'a'", "[0, 16]", "runs past the end of the data section (8 bytes");
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        contains(fail(raw(dir, "gap", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                floats(1, 2))), "tensor 'a'", "bytes [0, 4)", "belong to no tensor");
        contains(fail(raw(dir, "trail", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
                floats(1, 2))), "data", "4 bytes after the last tensor");
    }

    @Test
    void byteLengthDisagreesWithDtypeTimesShape() throws IOException {
        Path p = raw(dir, "len", "{\"a\": {\"dtype\": \"F16\", \"shape\": [2, 3], \"data_offsets\": [0, 8]}}",
                floats(1, 2));
        contains(fail(p), "tensor 'a'", "byte length 8 does not match dtype F16 x shape [2, 3]", "expected 12 bytes");
    }

    @Test
    void nanAndInfinityAreRejectedOnRead() throws IOException {
        Path nan = raw(dir, "nan", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 16]}}",
                floats(1, 2, 3, Float.NaN));
        contains(fail(nan), "tensor 'a'", "element [1, 1] is NaN", "expected finite values");
        byte[] inf16 = {0, 0x3C, 0, 0x7C};
        Path inf = raw(dir, "inf", "{\"a\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", inf16);
        contains(fail(inf), "tensor 'a'", "element [1] is Infinity");
        Path bool = raw(dir, "bool", "{\"a\": {\"dtype\": \"BOOL\", \"shape\": [2], \"data_offsets\": [0, 2]}}",
                new byte[] {1, 7});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            try (SafetensorsFile f = SafetensorsFile.open(bool)) {
                f.readInts("a");
            }
        });
        contains(e.getMessage(), bool.toString(), "tensor 'a'", "element [1] is byte 7", "0 or 1");
    }

    @Test
    void writerRejectsNonFiniteValues() {
        SafetensorsWriter w = SafetensorsWriter.builder().tensor("a", DType.F16, 3).open(dir.resolve("w"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> w.writeFloats("a", new float[] {0, Float.NEGATIVE_INFINITY, 1}));
        contains(e.getMessage(), "tensor 'a'", "element [1] is -Infinity");
        w.abort();
    }

    @Test
    void missingTensorAndMissingFile() throws IOException {
        Path p = valid();
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> f.tensor("zz"));
            contains(e.getMessage(), p.toString(), "tensor 'zz'", "missing");
        }
        contains(fail(dir.resolve("nope.safetensors")), "file not found");
    }
}

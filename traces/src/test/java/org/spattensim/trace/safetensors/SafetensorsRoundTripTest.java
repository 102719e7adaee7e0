package org.spattensim.trace.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeRoundTripsAndHeaderIsAlignedSafetensors() throws Exception {
        Random rnd = new Random(7);
        float[] f32 = new float[3 * 5];
        float[] f16 = new float[4 * 2];
        double[] f64 = new double[6];
        int[] i32 = new int[7];
        long[] i64 = new long[3];
        byte[] u8 = new byte[5];
        boolean[] bools = {true, false, true};
        for (int i = 0; i < f32.length; i++) {
            f32[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < f16.length; i++) {
            f16[i] = Half.toFloat(Half.fromFloat((float) rnd.nextGaussian()));
        }
        for (int i = 0; i < f64.length; i++) {
            f64[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < i32.length; i++) {
            i32[i] = rnd.nextInt();
        }
        for (int i = 0; i < i64.length; i++) {
            i64[i] = rnd.nextLong();
        }
        rnd.nextBytes(u8);
        Path p = dir.resolve("all.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.builder().metadata("k", "v \"quoted\" é")
                .tensor("f32", DType.F32, 3, 5).tensor("f16", DType.F16, 4, 2).tensor("f64", DType.F64, 6)
                .tensor("i32", DType.I32, 7).tensor("i64", DType.I64, 3).tensor("u8", DType.U8, 5)
                .tensor("bool", DType.BOOL, 3).tensor("empty", DType.F32, 0, 4).tensor("scalar", DType.I32)
                .open(p)) {
            w.writeFloats("f32", f32, 0, 7);
            w.writeFloats("f16", f16);
            w.writeFloats("f32", f32, 7, 8);
            w.writeDoubles("f64", f64);
            w.writeInts("i32", i32);
            w.writeLongs("i64", i64);
            w.writeBytes("u8", u8);
            w.writeBooleans("bool", bools);
            w.writeInts("scalar", new int[] {42});
        }
        assertFalse(Files.exists(dir.resolve("all.safetensors.partial")));
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8, "data section is 8-byte aligned");
        assertEquals('{', raw[8]);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("k", "v \"quoted\" é"), f.metadata());
            assertEquals(List.of("f32", "f16", "f64", "i32", "i64", "u8", "bool", "empty", "scalar"),
                    List.copyOf(f.tensors().keySet()));
            assertArrayEquals(f32, f.readFloats("f32"));
            assertArrayEquals(f16, f.readFloats("f16"));
            assertArrayEquals(f64, f.readDoubles("f64"));
            assertArrayEquals(i32, f.readInts("i32"));
            assertArrayEquals(i64, f.readLongs("i64"));
            int[] u = f.readInts("u8");
            for (int i = 0; i < u8.length; i++) {
                assertEquals(u8[i] & 0xFF, u[i]);
            }
            assertArrayEquals(new int[] {1, 0, 1}, f.readInts("bool"));
            assertEquals(0, f.readFloats("empty").length);
            assertArrayEquals(new int[] {42}, f.readInts("scalar"));
            assertTrue(f.tensor("scalar").hasShape());
            float[] part = new float[4];
            f.readFloats("f32", 6, part, 1, 3);
            assertArrayEquals(new float[] {0, f32[6], f32[7], f32[8]}, part);
            assertEquals(3 * 5 * 4, f.tensor("f32").byteLength());
        }
    }

    @Test
    void incompleteTensorsAreNotPublished() {
        Path p = dir.resolve("short.safetensors");
        SafetensorsWriter w = SafetensorsWriter.builder().tensor("a", DType.F32, 4).open(p);
        w.writeFloats("a", new float[3]);
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("a (3 of 4 elements)"), e.getMessage());
        assertFalse(Files.exists(p));
        assertFalse(Files.exists(dir.resolve("short.safetensors.partial")));
    }

    @Test
    void overrunAndWrongTypeAreRejected() {
        try (SafetensorsWriter w = SafetensorsWriter.builder().tensor("a", DType.F32, 2).open(dir.resolve("x"))) {
            assertThrows(IllegalStateException.class, () -> w.writeFloats("a", new float[3]));
            assertThrows(IllegalArgumentException.class, () -> w.writeInts("a", new int[2]));
            assertThrows(IllegalArgumentException.class, () -> w.writeFloats("b", new float[2]));
            w.writeFloats("a", new float[2]);
        }
    }
}

package org.spattensim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 32k-token trace bigger than the heap is read with {@code -Xmx256m} in a child JVM. The file
 * is sparse (its data are holes that read as zeros, except a few marker values), so it takes no
 * disk space or write time, yet every byte of its 784 MB goes through the reader.
 */
class TraceHeapTest {
    private static final int T = 32768;
    private static final int PROMPT = T - 4;

    @TempDir
    Path dir;

    private static final TraceMetadata META = TraceMetadata.builder().model("llama-like-32k").shape(1, 32, 8, 128)
            .decode(PROMPT, T - PROMPT).probabilities(true).source("TraceHeapTest (sparse file)").build();

    /** Writes the header by hand, then extends the file sparsely and sets marker values. */
    private Path sparseTrace() throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", TraceMetadataCodec.encode(META));
        long offset = 0;
        long qEnd = 0;
        long probsBegin = 0;
        for (Object[] t : new Object[][] {{TraceSchema.q(0), META.qShape()}, {TraceSchema.k(0), META.kvShape()},
                {TraceSchema.v(0), META.kvShape()}, {TraceSchema.probs(0), META.probsShape()}}) {
            long[] shape = (long[]) t[1];
            long bytes = 4L * shape[0] * shape[1] * shape[2];
            header.put((String) t[0], Map.of("dtype", "F32", "shape", shape, "data_offsets", List.of(offset, offset + bytes)));
            if (t[0].equals(TraceSchema.probs(0))) {
                probsBegin = offset;
            }
            offset += bytes;
            if (t[0].equals(TraceSchema.q(0))) {
                qEnd = offset;
            }
        }
        byte[] json = new ObjectMapper().writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + json.length;
        Path p = dir.resolve("sparse-32k.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length);
            f.write(b.array());
            f.write(json);
            f.setLength(dataStart + offset);
            // Markers: last element of Q, and probability 1 at the diagonal of the last decode row, head 0.
            f.seek(dataStart + qEnd - 4);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2.5f).array());
            long diag = probsBegin + 4L * ((long) (META.queryRows() - 1) * META.queryHeads() * T + (T - 1));
            f.seek(dataStart + diag);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).array());
        }
        return p;
    }

    private static String child(Path trace, String how) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile("heap", ".out");
        try {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    TraceHeapCheck.class.getName(), trace.toString(), how)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
            return p.exitValue() + "\n" + Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void streamingA32kTokenTraceFitsIn256MbOfHeap() throws Exception {
        Path p = sparseTrace();
        assertTrue(Files.size(p) > 700L * 1024 * 1024, "the trace is larger than the heap");
        String streamed = child(p, "stream");
        assertTrue(streamed.startsWith("0\n"), streamed);
        long floats = (long) T * (32 + 16) * 128 + 4L * 32 * T;
        assertTrue(streamed.contains("floats=" + floats + " "), streamed);
        assertTrue(streamed.contains(" sum=3.5 "), "both markers seen: " + streamed);
        long peak = Long.parseLong(streamed.replaceAll("(?s).*peakHeapBytes=(\\d+).*", "$1"));
        assertTrue(peak < 256L * 1024 * 1024, "peak heap " + peak);
        // The check can fail: loading one whole layer's Q (512 MB) does not fit the same heap.
        String whole = child(p, "whole");
        assertNotEquals('0', whole.charAt(0), whole);
        assertTrue(whole.contains("OutOfMemoryError"), whole);
        assertEquals(1, META.layers());
    }
}

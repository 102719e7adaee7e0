package org.spattensim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.AttentionTraceWriter;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;

/**
 * Trace read throughput: every layer's Q, K and V of a prefill trace (T = 8192, 4 layers, 16 query
 * heads, 4 KV heads, head dim 64; 192 MB in F32, 96 MB in F16) streamed 256 positions at a time
 * into reused float arrays, NaN/Inf checks and F16 decoding included. The {@code fileGB} counter is
 * the rate of file bytes read (GB/s, 1e9 bytes); {@code floatGB} counts the decoded float32 bytes
 * delivered. The file is read from the page cache after the first pass, so this measures the
 * reader, not the disk. Run: {@code java -jar bench/target/benchmarks.jar TraceReadBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TraceReadBenchmark {
    static final int T = 8192;
    static final int LAYERS = 4;
    static final int HQ = 16;
    static final int HKV = 4;
    static final int D = 64;
    static final int ROWS = 256;

    @Param({"F32", "F16"})
    public String dtype;

    private Path dir;
    private Path file;
    private AttentionTraceReader reader;
    private final float[] q = new float[ROWS * HQ * D];
    private final float[] kv = new float[ROWS * HKV * D];

    /** Bytes read, reported by JMH as a rate (GB/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public double fileGB;
        public double floatGB;

        @Setup(Level.Iteration)
        public void reset() {
            fileGB = 0;
            floatGB = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("trace-bench");
        file = dir.resolve("bench.safetensors");
        TraceMetadata meta = TraceMetadata.builder().model("bench").shape(LAYERS, HQ, HKV, D).prefill(T)
                .dtype(TraceDType.valueOf(dtype)).source("TraceReadBenchmark").build();
        SplittableRandom rnd = new SplittableRandom(1);
        float[] row = new float[HQ * D];
        try (AttentionTraceWriter w = AttentionTraceWriter.open(file, meta)) {
            for (int l = 0; l < LAYERS; l++) {
                for (int pos = 0; pos < T; pos++) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (float) (rnd.nextDouble() * 2 - 1);
                    }
                    w.writeQ(l, row, 0, HQ * D);
                    w.writeK(l, row, 0, HKV * D);
                    w.writeV(l, row, HKV * D, HKV * D);
                }
            }
        }
        reader = AttentionTraceReader.open(file);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public double readQkvStreaming(Bytes bytes) {
        double sink = 0;
        for (int l = 0; l < LAYERS; l++) {
            for (int from = 0; from < T; from += ROWS) {
                reader.readQ(l, from, ROWS, q, 0);
                reader.readK(l, from, ROWS, kv, 0);
                sink += q[0] + kv[0];
                reader.readV(l, from, ROWS, kv, 0);
                sink += kv[kv.length - 1];
            }
        }
        long floats = (long) LAYERS * T * (HQ + 2 * HKV) * D;
        bytes.fileGB += floats * (dtype.equals("F16") ? 2 : 4) / 1e9;
        bytes.floatGB += floats * 4 / 1e9;
        return sink;
    }
}

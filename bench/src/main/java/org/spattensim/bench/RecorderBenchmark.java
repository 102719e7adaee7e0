package org.spattensim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;
import org.spattensim.trace.record.llama.LlamaSession;

/**
 * Recorder throughput on the bundled stories260K, in tokens per second (each invocation handles
 * {@value #TOKENS} tokens, so JMH's ops/s are tokens/s):
 * {@code forwardGreedy}: greedy decoding from BOS, the bare forward pass plus argmax;
 * {@code recordDecodeTrace}: {@code ./spatten record}'s work, generate then replay into an F32 trace file.
 * Run: {@code java -jar bench/target/benchmarks.jar RecorderBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecorderBenchmark {
    static final int TOKENS = 256;

    RecorderModel model;
    DecodeRecorder recorder;
    LlamaSession session;
    Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        model = RecorderModel.loadDefault();
        recorder = new DecodeRecorder(model);
        session = model.model().newSession();
        dir = Files.createTempDirectory("recorder-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("trace.safetensors"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public int forwardGreedy() {
        session.reset();
        int token = 1;
        for (int i = 0; i < TOKENS; i++) {
            token = TokenSampler.argmax(session.step(token));
        }
        return token;
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public long recordDecodeTrace() {
        Generation g = recorder.generate("", TOKENS - 1, TokenSampler.greedy());
        return recorder.writeDecodeTrace(g, dir.resolve("trace.safetensors"), TraceDType.F32).sequenceLength();
    }
}

package org.spattensim.bench;

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
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.cpu.BlasProvider;
import org.spattensim.results.baseline.cpu.CpuBaseline;
import org.spattensim.results.baseline.cpu.CpuBaselineConfig;

/**
 * The CPU baseline's dense attention (every layer, head and decode step of a preset shape) under JMH, on
 * all cores. The score is whole shapes per second; the {@code gflop} counter is the dense FLOP rate (GFLOP/s) to set beside numpy's on the same
 * shape ({@code tools/cpu_baseline_compare.py}). The BLAS that ran is printed at set-up.
 * Run: {@code java -jar bench/target/benchmarks.jar CpuBaselineBenchmark -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CpuBaselineBenchmark {

    @Param({"gpt2-small-decode", "gpt2-small-prefill", "bert-base-512"})
    public String shape;

    private AttentionShape parsed;
    private CpuBaseline.Prepared run;

    /** Dense GFLOP done, reported by JMH as a rate (GFLOP/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        parsed = AttentionShape.parse(shape);
        run = new CpuBaseline(CpuBaselineConfig.defaults()).prepare(parsed);
        System.out.println("BLAS: " + BlasProvider.description() + "; threads " + run.threads());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        run.close();
    }

    @Benchmark
    public void attention(Flops flops) {
        run.runOnce();
        flops.gflop += parsed.denseFlops() / 1e9;
    }
}

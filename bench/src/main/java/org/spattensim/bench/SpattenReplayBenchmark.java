package org.spattensim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;

/**
 * Wall time to replay the whole bundled GPT-2-small SpAtten workload (32 steps x 12 layers x 12 heads)
 * through the cycle-level model, single-threaded: the pruned and quantized workload by default, the dense one (issue
 * 15's second goal) with {@code -p step=DENSE}.
 * {@code java -jar bench/target/benchmarks.jar SpattenReplay -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SpattenReplayBenchmark {
    @Param({"spatten-1/8", "spatten"})
    public String preset;

    /** The ablation step the workload is produced for: the full design, or {@code DENSE} (no pruning). */
    @Param({"PROGRESSIVE_QUANTIZATION"})
    public String step;

    private SpattenTimingModel model;
    private Workload workload;

    @Setup
    public void setup() {
        SpattenConfig c = SpattenPresets.load(preset);
        model = new SpattenTimingModel(c);
        workload = WorkloadLoader.load("gpt2-small-wikitext2", c, AblationStep.valueOf(step)).workload();
    }

    @Benchmark
    public long replay() {
        return model.run(workload).totalCycles();
    }
}

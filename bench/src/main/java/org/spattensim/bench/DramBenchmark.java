package org.spattensim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.traffic.DramRunResult;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

/**
 * DRAM requests simulated per second (ops/s = requests/s): one channel, one read offered per memory cycle,
 * 100,000 requests per invocation through a fresh system, with the controller, refresh and statistics.
 * {@code java -jar bench/target/benchmarks.jar DramBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DramBenchmark {
    static final int REQUESTS = 100_000;

    @Param({"DDR4-2400", "HBM2_SpAtten"})
    public String preset;

    @Param({"sequential", "random"})
    public String pattern;

    private DramConfig config;
    private TrafficSpec spec;

    @Setup
    public void setup() {
        config = DramPresets.load(preset).withChannels(1);
        spec = TrafficSpec.reads(TrafficPattern.parse(pattern), REQUESTS);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long requests() {
        DramRunResult r = DramTrafficRunner.run(new DramSystem(config), spec);
        return r.cycles();
    }
}

package org.spattensim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.engine.PayloadEvent;
import org.spattensim.engine.Simulation;
import org.spattensim.engine.unit.PipelinedUnit;

/**
 * Engine throughput: events per second of the event queue (hold model: a fixed number of pending
 * events, each firing reschedules itself a seeded pseudo-random delay ahead), pipelined-unit issues
 * per second, chained items per second and SRAM accesses per second. Scores are operations per
 * second. Run: {@code java -jar bench/target/benchmarks.jar EngineBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EngineBenchmark {
    static final int OPS = 1 << 20;

    /** Pending events in the hold model (heap size). */
    @State(Scope.Thread)
    public static class Hold {
        @Param({"64", "4096"})
        public int pending;
    }

    private long[] delays;
    private Simulation sim;
    private PipelinedUnit unit;

    @Setup(Level.Invocation)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        delays = new long[1024];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = rng.nextLong(0, 64);
        }
        sim = new Simulation();
        unit = new PipelinedUnit("u", 8, 1);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long events(Hold hold) {
        final int pending = hold.pending;
        final long[] d = delays;
        final long[] fired = {0};
        PayloadEvent again = new PayloadEvent() {
            @Override
            public void fire(Simulation s, long payload) {
                long n = ++fired[0];
                if (n + pending <= OPS) {
                    s.scheduleAfter(d[(int) (n & 1023)], this, payload);
                }
            }
        };
        for (int i = 0; i < pending; i++) {
            sim.schedule(d[i & 1023], again, i);
        }
        sim.run();
        return sim.eventsProcessed();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long unitIssues() {
        long t = 0;
        long[] d = delays;
        for (int i = 0; i < OPS; i++) {
            t = unit.issue(t - 8 + (d[i & 1023] & 3));
        }
        return t;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long unitIssueBatch() {
        long t = 0;
        for (int i = 0; i < OPS / 64; i++) {
            t = unit.issueBatch(t, 64);
        }
        return t;
    }
}

package org.spattensim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluator;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.store.ResultStore;

/**
 * Design points evaluated per second (ops/s = points/s). {@code explorer}: the whole path a search uses (dedup,
 * evaluation on {@code threads} threads, one SQLite commit per point) on random points never seen before in the
 * trial, so every op is a model evaluation, not a cache hit (when a finite space runs out of unseen points the
 * store starts afresh); {@code evaluatorOnly}: the model alone on one thread. Run on 2 cores as the issue asks:
 * {@code taskset -c 0,1 java -jar bench/target/benchmarks.jar DseBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DseBenchmark {
    static final int BATCH = 64;

    /**
     * Bundled space, optionally {@code @workload}: {@code zdt1} times the explorer's own overhead (an analytic
     * model), {@code spatten-1-8-fast@gpt2-small-wikitext2} the issue's figure with the fast fidelity (the
     * calibrated analytic SpAtten model on the bundled GPT-2-small workload at SpAtten-1/8 scale),
     * {@code spatten-1-8@gpt2-small-wikitext2} the same with the cycle-level model (about 2 s of CPU per point).
     */
    @Param({"zdt1", "spatten-1-8-fast@gpt2-small-wikitext2", "spatten-1-8@gpt2-small-wikitext2"})
    public String space;

    @Param({"2"})
    public int threads;

    private EvaluationContext ctx;
    private Evaluator evaluator;
    private LocalExecutor executor;
    private ResultStore store;
    private Path dir;
    private SplittableRandom rng;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private int stores;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        String[] parts = space.split("@", 2);
        DesignSpace s = DesignSpace.loadNamedOrFile(parts[0]);
        ctx = Explorer.context(s, parts.length > 1 ? parts[1] : "");
        evaluator = Evaluators.shared(ctx);
        executor = new LocalExecutor(evaluator, threads);
        dir = Files.createTempDirectory("dse-bench");
        store = newStore();
        rng = new SplittableRandom(42);
    }

    private ResultStore newStore() {
        return ResultStore.create(dir.resolve("bench-" + stores++ + ".db"),
                Explorer.runInfo(ctx, SearchSettings.of(SearchSettings.Algorithm.RANDOM, 1, 1)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        executor.close();
        store.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** {@link #BATCH} random points not drawn before in this trial (afresh, with a new store, once none are left). */
    private List<DesignPoint> randomPoints() {
        int n = ctx.space().parameters().size();
        List<DesignPoint> points = new ArrayList<>(BATCH);
        int tries = 0;
        while (points.size() < BATCH) {
            if (++tries > 1000 * BATCH) {
                seen.clear();
                store.close();
                store = newStore();
                tries = 0;
            }
            double[] u = new double[n];
            for (int j = 0; j < n; j++) {
                u[j] = rng.nextDouble();
            }
            DesignPoint p = ctx.space().decode(u);
            if (seen.add(p.key())) {
                points.add(p);
            }
        }
        return points;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int explorer() {
        // Points first: drawing them may start a fresh store (a finite space ran out of unseen points).
        List<DesignPoint> points = randomPoints();
        EvaluationService service = new EvaluationService(ctx.space(), executor, store, BATCH, null);
        return service.evaluate(points).size();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double evaluatorOnly() {
        double sum = 0;
        for (DesignPoint p : randomPoints()) {
            sum += evaluator.evaluate(p).size();
        }
        return sum;
    }
}

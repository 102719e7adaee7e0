package org.spattensim.results.baseline.cpu;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.Baseline;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.baseline.TrimmedMean;

/**
 * Dense attention really executed and timed on this host, in float32 with BLAS (netlib's JNI BLAS over
 * the OpenBLAS bundled in the jars, see {@link BlasProvider}; {@link #blasImplementation()} says which
 * ran). Layers (and decode steps) run one after the other, as their data dependences require; the
 * heads of a layer are split over a fixed pool of {@code threads} workers. Before anything is timed,
 * one full run is checked against {@link ReferenceAttention} in float64.
 */
public final class CpuBaseline implements Baseline {
    public static final String NAME = "cpu";
    /** Largest tolerated |float32 - float64| on an output element; outputs are averages of values in [-1, 1). */
    public static final double TOLERANCE = 1e-4;

    private final CpuBaselineConfig config;
    private final BLAS blas;

    public CpuBaseline(CpuBaselineConfig config) {
        this.config = config;
        this.blas = BlasProvider.blas();
    }

    public CpuBaseline() {
        this(CpuBaselineConfig.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    public CpuBaselineConfig config() {
        return config;
    }

    /** The BLAS that runs, from {@link BlasProvider#description()}. */
    public String blasImplementation() {
        return BlasProvider.description();
    }

    @Override
    public BaselineResult evaluate(AttentionShape shape) {
        double loadBefore = loadAverage();
        CpuMeasurement m = measure(shape);
        double loadAfter = loadAverage();
        double[] sorted = m.samples().clone();
        java.util.Arrays.sort(sorted);
        // The spread of the timed runs and the host's load say how far a figure measured on a shared machine can move.
        String method = String.format(Locale.ROOT,
                "measured on this host: float32 dense attention, %s, %d threads, %d warm-up + %d timed runs, "
                        + "mean after dropping %d%% at each end; runs %.3g..%.3g s (median %.3g s, max/min %.2fx); "
                        + "1-min load average %s before, %s after on %d cores; %.2f GFLOP/s; checked vs float64 "
                        + "(max err %.1e)%s",
                m.blas(), m.threads(), config.warmupRuns(), config.timedRuns(),
                Math.round(config.trimFraction() * 100), sorted[0], sorted[sorted.length - 1],
                sorted[sorted.length / 2], sorted[sorted.length - 1] / sorted[0], load(loadBefore), load(loadAfter),
                Runtime.getRuntime().availableProcessors(), m.gflops(), m.maxAbsError(),
                m.distinctLayers() < shape.layers()
                        ? "; data cap: " + m.distinctLayers() + " of " + shape.layers() + " layers have own buffers" : "");
        return new BaselineResult(NAME, m.seconds(), m.seconds() * config.power().watts(),
                BaselineResult.Kind.MEASURED, method, config.power().source());
    }

    /** The host's 1-minute load average, or NaN where the platform does not report it. */
    static double loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    private static String load(double l) {
        return Double.isNaN(l) ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }

    /** Checks the kernel against the float64 reference, then warms up and times it. */
    public CpuMeasurement measure(AttentionShape shape) {
        try (Prepared run = prepare(shape)) {
            for (int i = 0; i < config.warmupRuns(); i++) {
                run.runOnce();
            }
            double[] samples = new double[config.timedRuns()];
            for (int i = 0; i < samples.length; i++) {
                long t0 = System.nanoTime();
                run.runOnce();
                samples[i] = (System.nanoTime() - t0) * 1e-9;
            }
            return new CpuMeasurement(shape, run.threads(), blasImplementation(),
                    TrimmedMean.of(samples, config.trimFraction()), samples, run.maxAbsError(), run.distinctLayers());
        }
    }

    /**
     * Allocates the seeded data and the workers for a shape, runs it once and checks that run against the
     * float64 reference; then {@link Prepared#runOnce()} repeats the whole shape for an outside timer (JMH).
     */
    public Prepared prepare(AttentionShape shape) {
        return new Prepared(shape, config);
    }

    /** A shape ready to run repeatedly: data, scratch buffers and a worker pool. Close it to stop the pool. */
    public static final class Prepared implements AutoCloseable {
        private final Workload workload;
        private final int threads;
        private final ExecutorService pool;
        private final Runner runner;
        private final double maxAbsError;

        private Prepared(AttentionShape shape, CpuBaselineConfig config) {
            this.workload = new Workload(shape, config);
            this.threads = Math.min(config.threads(), shape.queryHeads());
            this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "cpu-baseline");
                t.setDaemon(true);
                return t;
            }) : null;
            this.runner = new Runner(workload, threads, pool);
            runner.runAll();
            this.maxAbsError = check(workload);
        }

        /** Every layer, head and decode step of the shape, once. */
        public void runOnce() {
            runner.runAll();
        }

        public int threads() {
            return threads;
        }

        /** Largest |float32 - float64| over the checked heads of the first run. */
        public double maxAbsError() {
            return maxAbsError;
        }

        public int distinctLayers() {
            return workload.distinctLayers;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Compares the first and the last head of the first and the last distinct layer with float64. */
    private static double check(Workload w) {
        AttentionShape s = w.shape;
        int[][] picks = {{0, 0}, {w.distinctLayers - 1, s.queryHeads() - 1}};
        double maxErr = 0;
        for (int[] pick : picks) {
            int layer = pick[0];
            int head = pick[1];
            int g = head / s.groupSize();
            boolean growing = s.mode() == AttentionShape.Mode.DECODE || s.causal();
            double[] ref = ReferenceAttention.attend(w.q[layer][head], 0, s.queries(), w.k[layer][g], 0,
                    w.v[layer][g], 0, s.headDim(), growing ? s.promptLength() + 1 : s.contextLength(), growing ? 1 : 0);
            float[] got = w.out[layer][head];
            for (int i = 0; i < ref.length; i++) {
                double e = Math.abs(got[i] - ref[i]);
                if (!(e <= TOLERANCE)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "CPU baseline kernel (%s) disagrees with the float64 reference on %s, layer %d head %d "
                                    + "element %d: %s vs %s", w.blasName, s.describe(), layer, head, i, got[i], ref[i]));
                }
                maxErr = Math.max(maxErr, e);
            }
        }
        return maxErr;
    }

    /** Q, K, V and output buffers of every (distinct) layer and head, filled with seeded uniform [-1, 1) data. */
    private static final class Workload {
        final AttentionShape shape;
        final int distinctLayers;
        final float[][][] q;
        final float[][][] k;
        final float[][][] v;
        final float[][][] out;
        final BLAS blas = BlasProvider.blas();
        final String blasName = blas.getClass().getSimpleName();

        Workload(AttentionShape s, CpuBaselineConfig config) {
            this.shape = s;
            long kv = (long) s.contextLength() * s.headDim();
            long qo = (long) s.queries() * s.headDim();
            long bytesPerLayer = 4L * (2 * kv * s.kvHeads() + 2 * qo * s.queryHeads());
            this.distinctLayers = (int) Math.max(1, Math.min(s.layers(), config.maxDataBytes() / bytesPerLayer));
            SplittableRandom rng = new SplittableRandom(config.seed());
            q = new float[distinctLayers][s.queryHeads()][];
            out = new float[distinctLayers][s.queryHeads()][];
            k = new float[distinctLayers][s.kvHeads()][];
            v = new float[distinctLayers][s.kvHeads()][];
            for (int l = 0; l < distinctLayers; l++) {
                for (int h = 0; h < s.kvHeads(); h++) {
                    k[l][h] = random(rng, (int) kv);
                    v[l][h] = random(rng, (int) kv);
                }
                for (int h = 0; h < s.queryHeads(); h++) {
                    q[l][h] = random(rng, (int) qo);
                    out[l][h] = new float[(int) qo];
                }
            }
        }

        private static float[] random(SplittableRandom rng, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            return a;
        }
    }

    /** Runs every layer (and step) in order, splitting the heads of each over the workers. */
    private static final class Runner {
        private final Workload w;
        private final int chunks;
        private final ExecutorService pool;
        private final HeadKernel[] kernels;
        private final List<Runnable> chunkTasks = new ArrayList<>();
        private final List<Future<?>> futures = new ArrayList<>();
        // Phase state written by the calling thread before the tasks are submitted (happens-before via the executor).
        private int layer;
        private int step;

        Runner(Workload w, int chunks, ExecutorService pool) {
            this.w = w;
            this.chunks = chunks;
            this.pool = pool;
            AttentionShape s = w.shape;
            int maxScores = s.mode() == AttentionShape.Mode.PREFILL ? s.queries() * s.contextLength() : s.contextLength();
            kernels = new HeadKernel[chunks];
            for (int c = 0; c < chunks; c++) {
                kernels[c] = new HeadKernel(w.blas, maxScores);
                int chunk = c;
                chunkTasks.add(() -> runChunk(chunk));
            }
        }

        void runAll() {
            AttentionShape s = w.shape;
            int steps = s.mode() == AttentionShape.Mode.DECODE ? s.queries() : 1;
            for (step = 0; step < steps; step++) {
                for (layer = 0; layer < s.layers(); layer++) {
                    runPhase();
                }
            }
        }

        private void runPhase() {
            futures.clear();
            for (int c = 1; c < chunks; c++) {
                futures.add(pool.submit(chunkTasks.get(c)));
            }
            runChunk(0);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("CPU baseline interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("CPU baseline worker failed", e.getCause());
                }
            }
        }

        private void runChunk(int chunk) {
            AttentionShape s = w.shape;
            int heads = s.queryHeads();
            int from = (int) ((long) heads * chunk / chunks);
            int to = (int) ((long) heads * (chunk + 1) / chunks);
            int l = layer % w.distinctLayers;
            int d = s.headDim();
            HeadKernel kernel = kernels[chunk];
            for (int h = from; h < to; h++) {
                int g = h / s.groupSize();
                if (s.mode() == AttentionShape.Mode.DECODE) {
                    int keys = s.promptLength() + step + 1;
                    kernel.attend(w.q[l][h], step * d, 1, w.k[l][g], 0, w.v[l][g], 0, keys, d, keys, 0,
                            w.out[l][h], step * d);
                } else {
                    boolean causal = s.causal();
                    kernel.attend(w.q[l][h], 0, s.queries(), w.k[l][g], 0, w.v[l][g], 0, s.contextLength(), d,
                            causal ? s.promptLength() + 1 : s.contextLength(), causal ? 1 : 0, w.out[l][h], 0);
                }
            }
        }
    }
}

package org.spattensim.dse.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.spattensim.dse.Evaluator;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

/** Evaluates points on a pool of threads in this process (default: all cores). */
public final class LocalExecutor implements PointExecutor {
    private final Evaluator evaluator;
    private final int threads;
    private final ExecutorService pool;

    public LocalExecutor(Evaluator evaluator) {
        this(evaluator, Runtime.getRuntime().availableProcessors());
    }

    public LocalExecutor(Evaluator evaluator, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.evaluator = evaluator;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dse-eval-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<Measurement> evaluateAll(List<DesignPoint> points, Consumer<Measurement> onResult) {
        List<Measurement> out = new ArrayList<>(points.size());
        if (pool == null) {
            for (DesignPoint p : points) {
                Measurement m = Measurement.of(evaluator, p);
                onResult.accept(m);
                out.add(m);
            }
            return out;
        }
        Object lock = new Object();
        List<Future<Measurement>> futures = new ArrayList<>(points.size());
        for (DesignPoint p : points) {
            futures.add(pool.submit(() -> {
                Measurement m = Measurement.of(evaluator, p);
                synchronized (lock) {
                    onResult.accept(m);
                }
                return m;
            }));
        }
        try {
            for (Future<Measurement> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("evaluation failed: " + c, c);
        }
        return out;
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

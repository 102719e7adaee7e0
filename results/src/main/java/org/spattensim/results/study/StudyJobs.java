package org.spattensim.results.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** A study's independent runs on a thread pool, results in job order whatever the thread count. */
final class StudyJobs {
    private StudyJobs() {}

    /**
     * Runs the jobs on {@code threads} threads; returns their results in job order. {@code afterEach} is told how many
     * results are in (in order) after each one arrives; a job's exception is rethrown as it was.
     */
    static <T> List<T> runAll(int threads, List<Callable<T>> jobs, IntConsumer afterEach) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> j : jobs) {
                futures.add(pool.submit(j));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
                afterEach.accept(out.size());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

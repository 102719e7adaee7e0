package org.spattensim.dse.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.store.ResultStore;

/**
 * What searches call to evaluate points: de-duplicates, serves points already in the store (or seen in this
 * run) from the cache, sends the rest to the executor, commits each result to the store as it arrives, and
 * keeps the run's budget: at most {@code budget} distinct points per run, counted alike whether they came
 * from the cache or were evaluated, so a resumed run retraces the uninterrupted one exactly.
 */
public final class EvaluationService {
    /** Told about each distinct point of the run as it is settled (cached or evaluated). */
    public interface Listener {
        void onEvaluation(Evaluation e, boolean fromCache, int done, int budget);
    }

    private final DesignSpace space;
    private final PointExecutor executor;
    private final ResultStore store;
    private final int budget;
    private final Listener listener;
    /** Keys of the run's distinct points in the order first asked for (deterministic, unlike completion order). */
    private final List<String> order = new ArrayList<>();
    /** Each admitted point's place in the request sequence: deterministic, whatever finishes first. */
    private final Map<String, Integer> requestIndex = new HashMap<>();
    private final Map<String, Evaluation> seen = new HashMap<>();
    private java.util.function.Function<DesignPoint, String> precheck = p -> null;
    private int evaluatedNow;
    private int fromCache;

    public EvaluationService(DesignSpace space, PointExecutor executor, ResultStore store, int budget, Listener listener) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1, got " + budget);
        }
        this.space = space;
        this.executor = executor;
        this.store = store;
        this.budget = budget;
        this.listener = listener == null ? (e, c, d, b) -> { } : listener;
    }

    /**
     * Sets a cheap validity check (e.g. {@link org.spattensim.dse.Evaluator#invalidReason}) the genetic searches
     * use as a Jenetics constraint, so they re-sample invalid designs instead of spending budget on them.
     */
    public EvaluationService withPrecheck(java.util.function.Function<DesignPoint, String> check) {
        this.precheck = check;
        return this;
    }

    /** True when the precheck finds nothing wrong with the point. */
    public boolean isValid(DesignPoint p) {
        return precheck.apply(p) == null;
    }

    public DesignSpace space() {
        return space;
    }

    public int budget() {
        return budget;
    }

    /** Distinct points settled in this run so far. */
    public synchronized int used() {
        return order.size();
    }

    public synchronized int remaining() {
        return budget - order.size();
    }

    /** Points evaluated by the executor in this run (not served from the store). */
    public synchronized int evaluatedNow() {
        return evaluatedNow;
    }

    /** Points of this run served from the store. */
    public synchronized int fromCache() {
        return fromCache;
    }

    /** Every distinct point of this run, in the order it was first asked for. */
    public synchronized List<Evaluation> all() {
        List<Evaluation> out = new ArrayList<>(order.size());
        for (String k : order) {
            out.add(seen.get(k));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Evaluates the points (duplicates and repeats allowed). Points beyond the remaining budget are not
     * evaluated: their entry is empty. The answer is in the order of {@code points} and does not depend on
     * the order in which evaluations finish.
     */
    public List<Optional<Evaluation>> evaluate(List<DesignPoint> points) {
        List<DesignPoint> pending = new ArrayList<>();
        Map<String, Boolean> admitted = new HashMap<>();
        synchronized (this) {
            int room = budget - order.size();
            for (DesignPoint p : points) {
                if (seen.containsKey(p.key()) || admitted.containsKey(p.key())) {
                    continue;
                }
                if (room == 0) {
                    continue;
                }
                room--;
                admitted.put(p.key(), true);
                requestIndex.put(p.key(), order.size());
                order.add(p.key());
                Optional<Measurement> cached = store == null ? Optional.empty() : store.find(p);
                if (cached.isPresent()) {
                    // Stored order: settle cache hits in request order, like fresh results, before the batch runs.
                    settle(cached.get(), true);
                } else {
                    pending.add(p);
                }
            }
        }
        if (!pending.isEmpty()) {
            executor.evaluateAll(pending, m -> {
                synchronized (this) {
                    settle(m, false);
                }
            });
        }
        List<Optional<Evaluation>> out = new ArrayList<>(points.size());
        synchronized (this) {
            for (DesignPoint p : points) {
                out.add(Optional.ofNullable(seen.get(p.key())));
            }
        }
        return out;
    }

    private void settle(Measurement m, boolean cached) {
        Evaluation e = toEvaluation(space, m);
        if (!cached) {
            if (store != null) {
                store.put(m, e.error() == null ? e.objectives() : null, e.violation(),
                        requestIndex.getOrDefault(m.point().key(), -1));
            }
            evaluatedNow++;
        } else {
            fromCache++;
        }
        seen.put(m.point().key(), e);
        listener.onEvaluation(e, cached, seen.size(), budget);
    }

    /** Turns a measurement into an evaluation with the space's objectives and constraints. */
    public static Evaluation toEvaluation(DesignSpace space, Measurement m) {
        if (m.error() != null) {
            double[] nan = new double[space.objectives().size()];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Evaluation(m.point(), m.metrics(), nan, Double.POSITIVE_INFINITY, m.error(), m.seconds());
        }
        DesignSpace.Assessment a = space.assess(m.metrics());
        return new Evaluation(m.point(), m.metrics(), a.objectives(), a.violation(), null, m.seconds());
    }
}

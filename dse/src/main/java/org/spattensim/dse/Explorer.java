package org.spattensim.dse;

import java.nio.file.Path;
import java.util.List;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.YamlConfig;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.exec.PointExecutor;
import org.spattensim.dse.search.GeneticSearch;
import org.spattensim.dse.search.ParetoFront;
import org.spattensim.dse.search.Search;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.store.ResultStore;
import org.spattensim.dse.store.RunInfo;

/**
 * Runs a search over a design space: {@code explore(context, settings, executor, store, listener)}.
 * Typical use from Java:
 * <pre>{@code
 * DesignSpace space = DesignSpace.loadNamedOrFile("spatten-1-8");
 * EvaluationContext ctx = Explorer.context(space, "gpt2-small");
 * SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, 500, 42);
 * try (ResultStore db = ResultStore.create(Path.of("dse.db"), Explorer.runInfo(ctx, s));
 *      PointExecutor ex = new LocalExecutor(Evaluators.shared(ctx))) {
 *     ExplorationResult r = Explorer.explore(ctx, s, ex, db, null);
 *     r.front().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class Explorer {
    private Explorer() {}

    /** A context for a space and a workload (file or bundled name), hashing the workload's content. */
    public static EvaluationContext context(DesignSpace space, String workload) {
        return new EvaluationContext(space, workload, Evaluators.workloadHash(workload));
    }

    public static ExplorationResult explore(EvaluationContext ctx, SearchSettings settings, PointExecutor executor,
                                            ResultStore store, EvaluationService.Listener listener) {
        long t0 = System.nanoTime();
        EvaluationService service = new EvaluationService(ctx.space(), executor, store, settings.budget(), listener)
                .withPrecheck(Evaluators.shared(ctx)::invalidReason);
        Search.of(settings.algorithm()).run(service, settings);
        var all = service.all();
        var front = ParetoFront.of(all, ctx.space().objectives());
        var best = GeneticSearch.best(all, ctx.space().objectives());
        return new ExplorationResult(ctx.space(), settings, all, front, best, service.evaluatedNow(), service.fromCache(),
                (System.nanoTime() - t0) * 1e-9);
    }

    /** Whether the context's model is a fast one whose front the reference model should confirm. */
    public static boolean needsConfirmation(EvaluationContext ctx) {
        return Evaluators.confirmationModel(ctx.space().model().name()).isPresent();
    }

    /**
     * The context of the reference model that confirms a fast model's front (same space, workload and points).
     *
     * @throws IllegalArgumentException when the context's model has no reference model
     */
    public static EvaluationContext referenceContext(EvaluationContext ctx) {
        String model = ctx.space().model().name();
        String reference = Evaluators.confirmationModel(model)
                .orElseThrow(() -> new IllegalArgumentException("model " + model + " has no reference model to confirm it"));
        return new EvaluationContext(ctx.space().withModelName(reference), ctx.workload(), ctx.workloadHash());
    }

    /**
     * Re-evaluates the result's Pareto front with the reference model of the context's fast model, on
     * {@code referenceExecutor} (built on {@link #referenceContext}); each re-evaluation is committed to the store
     * ({@code confirmations} table) as it finishes, and read back from it on a resumed run. The front itself (chosen
     * by the fast model) is unchanged; the confirmation carries both figures.
     */
    public static ExplorationResult confirm(EvaluationContext ctx, ExplorationResult r, PointExecutor referenceExecutor,
                                            ResultStore store) {
        long t0 = System.nanoTime();
        EvaluationContext ref = referenceContext(ctx);
        String refModel = ref.space().model().name();
        java.util.Map<String, Measurement> found = new java.util.HashMap<>();
        List<DesignPoint> todo = new java.util.ArrayList<>();
        for (Evaluation e : r.front()) {
            var stored = store == null ? java.util.Optional.<Measurement>empty() : store.findConfirmation(refModel, e.point());
            if (stored.isPresent()) {
                found.put(e.point().key(), stored.get());
            } else if (!found.containsKey(e.point().key())) {
                todo.add(e.point());
            }
        }
        List<Measurement> fresh = referenceExecutor.evaluateAll(todo, m -> {
            if (store != null) {
                store.putConfirmation(refModel, m);
            }
        });
        fresh.forEach(m -> found.put(m.point().key(), m));
        List<FrontConfirmation.Point> points = new java.util.ArrayList<>();
        for (Evaluation e : r.front()) {
            Evaluation reference = EvaluationService.toEvaluation(ctx.space(), found.get(e.point().key()));
            points.add(new FrontConfirmation.Point(e, reference));
        }
        return r.withConfirmation(new FrontConfirmation(ctx.space().model().name(), refModel, points, fresh.size(),
                (System.nanoTime() - t0) * 1e-9));
    }

    /** In-process exploration without a store, on {@code threads} threads. */
    public static ExplorationResult explore(EvaluationContext ctx, SearchSettings settings, int threads) {
        try (PointExecutor ex = new LocalExecutor(Evaluators.shared(ctx), threads)) {
            return explore(ctx, settings, ex, null, null);
        }
    }

    /** In-process exploration without a store, then, for a fast model, its front confirmed by the reference model. */
    public static ExplorationResult exploreAndConfirm(EvaluationContext ctx, SearchSettings settings, int threads) {
        ExplorationResult r = explore(ctx, settings, threads);
        if (!needsConfirmation(ctx)) {
            return r;
        }
        try (PointExecutor ex = new LocalExecutor(Evaluators.shared(referenceContext(ctx)), threads)) {
            return confirm(ctx, r, ex, null);
        }
    }

    /** What the store records about a run. */
    public static RunInfo runInfo(EvaluationContext ctx, SearchSettings settings) {
        String spaceYaml = ctx.space().yaml();
        if (spaceYaml.isEmpty()) {
            throw new IllegalArgumentException("a stored run needs a space read from YAML (DesignSpace.parse/load)");
        }
        return new RunInfo(spaceYaml, YamlConfig.toYaml(settings), ctx.workload(), ctx.workloadHash());
    }

    /**
     * A stored run to resume.
     *
     * @param context  its space and workload
     * @param settings its search settings
     */
    public record StoredRun(EvaluationContext context, SearchSettings settings) {}

    /** Reads what a store says was explored, checking that the workload has not changed since. */
    public static StoredRun stored(ResultStore store) {
        RunInfo info = store.info();
        Path db = store.file();
        DesignSpace space = DesignSpace.parse(info.spaceYaml(), db + ": run_info.spaceYaml");
        SearchSettings settings = YamlConfig.bind(YamlConfig.parse(info.searchYaml(), db + ": run_info.searchYaml"),
                SearchSettings.class, db + ": run_info.searchYaml");
        String hash = Evaluators.workloadHash(info.workload());
        if (!hash.equals(info.workloadHash())) {
            throw new InvalidInputException(db + ": workload " + info.workload() + " has changed since the run started"
                    + " (hash " + hash + ", stored " + info.workloadHash() + "); expected the same workload to resume");
        }
        return new StoredRun(new EvaluationContext(space, info.workload(), hash), settings);
    }
}

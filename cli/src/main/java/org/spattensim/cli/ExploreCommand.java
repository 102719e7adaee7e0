package org.spattensim.cli;

import com.hazelcast.core.HazelcastInstance;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.YamlConfig;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.cluster.ClusterExecutor;
import org.spattensim.dse.cluster.ClusterMember;
import org.spattensim.dse.cluster.ClusterSettings;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.exec.PointExecutor;
import org.spattensim.dse.output.FrontFiles;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.store.ResultStore;
import org.spattensim.results.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Design-space exploration: a search over a YAML design space, stored in SQLite, resumable, optionally on a cluster. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Explore a design space (grid, random, NSGA-II or a constrained GA) and write its Pareto front.",
            "Every evaluation is committed to the SQLite --db as it finishes; a killed run continues with --resume <db>."})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--space", paramLabel = "<yaml|name>", description = "Design space YAML, or a bundled one: spatten-1-8, "
            + "spatten-1-8-fast, spatten-quality, kv-policies (needs a decode --trace), a3, schaffer, zdt1 "
            + "(dse/src/main/resources/spaces/)")
    String space;

    @Option(names = "--trace", paramLabel = "<file|name>", description = "Trace file or bundled workload name the model runs")
    String trace;

    @Option(names = "--search", paramLabel = "grid|random|nsga2|ga", description = "Search (default: nsga2)")
    String search;

    @Option(names = "--budget", paramLabel = "N", description = "Distinct design points to evaluate (default: 200)")
    Integer budget;

    @Option(names = "--seed", paramLabel = "S", description = "Seed: same seed, same points and front (default: 1)")
    Long seed;

    @Option(names = "--population", paramLabel = "P", description = "Population of nsga2/ga (default: 40)")
    Integer population;

    @Option(names = "--grid-levels", paramLabel = "L", description = "Grid values on a continuous real parameter (default: 5)")
    Integer gridLevels;

    @Option(names = "--db", paramLabel = "<file>", description = "Results database (default: <out>/dse.db)")
    Path db;

    @Option(names = "--resume", paramLabel = "<db>", description = "Continue the run stored in this database")
    Path resume;

    @Option(names = "--threads", paramLabel = "T", description = "Evaluation threads (default: all cores)")
    Integer threads;

    @Option(names = "--cluster", paramLabel = "<host:port,...>",
            description = "Run on a Hazelcast cluster: this coordinator binds to the first address; workers join with "
                    + "./spatten worker --join <first address>. Only the listed members get work")
    String cluster;

    @Option(names = "--cluster-secret-file", paramLabel = "<file>",
            description = "Secret shared by every cluster member (at least 16 bytes; default: the environment variable "
                    + "SPATTEN_CLUSTER_SECRET). Tasks and answers are signed with it")
    Path secretFile;

    @Option(names = "--cluster-name", paramLabel = "<name>", description = "Cluster name (default: spatten-dse)")
    String clusterName = ClusterSettings.DEFAULT_CLUSTER_NAME;

    @Option(names = "--wait-members", paramLabel = "<seconds>",
            description = "How long to wait for every --cluster member before starting (default: 60)")
    int waitSeconds = 60;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>", description = "Output folder (default: results/runs/explore-<space>-<search>-s<seed>)")
    Path out;

    @Option(names = "--no-plots", description = "Skip the PNG/SVG plots (report.html then has the tables only)")
    boolean noPlots;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal")
    boolean plain;

    @Option(names = "--no-confirm", description = "With a fast model (spatten-fast), skip re-evaluating the final"
            + " Pareto front with its cycle-level reference model")
    boolean noConfirm;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        EvaluationContext ctx;
        SearchSettings settings;
        ResultStore store;
        if (resume != null) {
            if (space != null || trace != null || search != null || budget != null || seed != null || population != null
                    || gridLevels != null || db != null) {
                throw new InvalidInputException("--resume " + resume + ": takes the space, workload and search settings"
                        + " from the database; expected no --space/--trace/--search/--budget/--seed/--population/--grid-levels/--db");
            }
            store = ResultStore.open(resume);
            Explorer.StoredRun run;
            try {
                run = Explorer.stored(store);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            ctx = run.context();
            settings = run.settings();
            w.printf("explore: resuming %s (%d evaluations stored)%n", resume, store.size());
        } else {
            if (space == null) {
                throw new InvalidInputException("explore: --space: missing; expected a design space YAML or bundled name");
            }
            DesignSpace s = DesignSpace.loadNamedOrFile(space);
            ctx = Explorer.context(s, trace == null ? "" : trace);
            settings = new SearchSettings(algorithm(search == null ? "nsga2" : search), budget == null ? 200 : budget,
                    seed == null ? 1 : seed, population == null ? 40 : population, gridLevels == null ? 5 : gridLevels);
            store = null;
        }
        // The model, its metrics and the workload are checked before a store or folder is created: a bad --trace,
        // an unknown metric or a space whose base does not bind is refused with nothing left behind.
        CliChecks.threads(threads, "--threads");
        try {
            org.spattensim.dse.ChoiceCheck.requireBindable(ctx.space(), Evaluators.shared(ctx));
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        Path defaultOut = Path.of("results", "runs", "explore-" + ctx.space().name() + "-"
                + settings.algorithm().toString().toLowerCase(Locale.ROOT) + "-s" + settings.seed());
        if (store != null) {
            // --resume: the original command's output folder and flags, unless given again.
            ResultStore stored = store;
            defaultOut = stored.setting("outDir").map(Path::of).orElse(defaultOut);
            noConfirm |= stored.setting("noConfirm").map(Boolean::parseBoolean).orElse(false);
            noPlots |= stored.setting("noPlots").map(Boolean::parseBoolean).orElse(false);
        }
        Path outDir = out != null ? out : defaultOut;
        try {
            if (store == null) {
                Path dbFile = db != null ? db : outDir.resolve("dse.db");
                store = ResultStore.create(dbFile, Explorer.runInfo(ctx, settings));
                if (store.size() > 0) {
                    w.printf("explore: %s already holds %d evaluations of this run; reusing them%n", dbFile, store.size());
                }
                store.putSetting("outDir", outDir.toString());
                store.putSetting("noConfirm", Boolean.toString(noConfirm));
                store.putSetting("noPlots", Boolean.toString(noPlots));
            }
            ExplorationResult r = run(ctx, settings, store, w);
            Files.createDirectories(outDir);
            FrontFiles.write(r, outDir);
            Files.writeString(outDir.resolve("search.yaml"), YamlConfig.toYaml(settings));
            RunProvenance.write(outDir, "explore", spec.commandLine().getParseResult().originalArgs(),
                    workloadName(ctx));
            Path report = ReportGenerator.generateExplore(outDir, !noPlots);
            w.printf(Locale.ROOT, "explore: %d points (%d evaluated now, %d from %s), %d feasible, front of %d, %.1f s (%.1f points/s)%n",
                    r.evaluations().size(), r.evaluatedNow(), r.fromCache(), store.file(),
                    r.evaluations().stream().filter(e -> e.feasible()).count(), r.front().size(), r.seconds(),
                    r.pointsPerSecond());
            r.best().ifPresent(b -> w.println("explore: best by weighted product of the objectives: " + b.point()));
            printConfirmation(w, r);
            w.println("explore: front: " + outDir.resolve("front.csv") + " (+ front.json, evaluations.csv"
                    + (r.confirmation().isPresent() ? ", confirmation.csv" : "") + "); report: " + report
                    + (noPlots ? " (no plots)" : " (plots in " + outDir.resolve("plots") + ")"));
            w.flush();
            return SpattenCli.EXIT_OK;
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private ExplorationResult run(EvaluationContext ctx, SearchSettings settings, ResultStore store, PrintWriter w)
            throws InterruptedException {
        boolean terminal = System.console() != null && !plain;
        try (ExploreProgress progress = new ExploreProgress(ctx.space().objectives(), settings.budget(), terminal, w)) {
            if (cluster == null) {
                int t = CliChecks.threads(threads, "--threads");
                ExplorationResult r;
                try (PointExecutor ex = new LocalExecutor(Evaluators.shared(ctx), t)) {
                    r = Explorer.explore(ctx, settings, ex, store, progress);
                }
                if (!confirms(ctx)) {
                    return r;
                }
                announce(w, ctx, r);
                try (PointExecutor ex = new LocalExecutor(Evaluators.shared(Explorer.referenceContext(ctx)), t)) {
                    return Explorer.confirm(ctx, r, ex, store);
                }
            }
            List<ClusterSettings.Address> members = ClusterSettings.addresses(cluster, "--cluster");
            List<String> allowed = members.stream().map(ClusterSettings.Address::resolved).toList();
            ClusterSettings.Address self = members.get(0);
            int t = CliChecks.threads(threads, "--threads");
            org.spattensim.dse.cluster.ClusterSecret secret = org.spattensim.dse.cluster.ClusterSecret.load(secretFile,
                    System.getenv());
            HazelcastInstance hz = ClusterMember.start(new ClusterSettings(self.host(), self.port(), false,
                    members.stream().map(Object::toString).toList(), clusterName, t), secret);
            try {
                int n = ClusterMember.awaitMembers(hz, allowed, members.size(), waitSeconds, TimeUnit.SECONDS);
                int strangers = hz.getCluster().getMembers().size() - n;
                w.printf("explore: cluster of %d member(s) (expected %d)%s%n", n, members.size(), strangers == 0 ? ""
                        : "; " + strangers + " member(s) not in --cluster joined and get no work");
                w.flush();
                ExplorationResult r;
                try (PointExecutor ex = new ClusterExecutor(hz, ctx, secret, allowed)) {
                    r = Explorer.explore(ctx, settings, ex, store, progress);
                }
                if (!confirms(ctx)) {
                    return r;
                }
                announce(w, ctx, r);
                try (PointExecutor ex = new ClusterExecutor(hz, Explorer.referenceContext(ctx), secret, allowed)) {
                    return Explorer.confirm(ctx, r, ex, store);
                }
            } finally {
                hz.shutdown();
            }
        }
    }

    /** The workload the run used: --trace, else the model's default (so provenance never names a blank trace). */
    static String workloadName(EvaluationContext ctx) {
        if (!ctx.workload().isEmpty()) {
            return ctx.workload();
        }
        return switch (ctx.space().model().name()) {
            case "spatten", "spatten-fast" -> org.spattensim.dse.SpattenEvaluator.DEFAULT_WORKLOAD;
            case "spatten-quality" -> org.spattensim.trace.record.RecorderModel.DEFAULT_MODEL;
            default -> "(none: model " + ctx.space().model().name() + " needs no workload)";
        };
    }

    private boolean confirms(EvaluationContext ctx) {
        return !noConfirm && Explorer.needsConfirmation(ctx);
    }

    private static void announce(PrintWriter w, EvaluationContext ctx, ExplorationResult r) {
        w.printf("explore: confirming the front (%d points) with model %s%n", r.front().size(),
                Explorer.referenceContext(ctx).space().model().name());
        w.flush();
    }

    /** One line per confirmed metric: the fast model's median and max |relative error| on the front. */
    static void printConfirmation(PrintWriter w, ExplorationResult r) {
        r.confirmation().ifPresent(c -> {
            w.printf(Locale.ROOT, "explore: front confirmed by %s (%d evaluated now, %.1f s); %d of %d points stay"
                            + " non-dominated; %s error on the front:%n", c.referenceModel(), c.evaluatedNow(), c.seconds(),
                    c.referenceFront(r.space()).size(), c.points().size(), c.model());
            c.summary(r.space()).forEach((m, v) -> w.printf(Locale.ROOT, "explore:   %-10s median |err| %.2f%%, max %.2f%%%n",
                    m, 100 * v[0], 100 * v[1]));
        });
    }

    static SearchSettings.Algorithm algorithm(String name) {
        try {
            return SearchSettings.Algorithm.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--search " + name + ": unknown search; expected grid, random, nsga2 or ga");
        }
    }
}

package org.spattensim.dse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignSpace;

/**
 * Kills a child JVM (destroyForcibly, i.e. SIGKILL) in the middle of an NSGA-II run that writes to a store,
 * resumes from the store, and checks: nothing stored was evaluated again, the budget is met exactly, and the
 * front equals that of an uninterrupted run with the same seed.
 */
class KillResumeTest {
    static final String SPACE = """
            name: slow-schaffer
            model: {name: analytic-schaffer, set: ["delayMicros=4000"]}
            parameters:
              x: {type: real, min: -2, max: 4, step: 0.05}
              y: {type: real, min: -1, max: 1, step: 0.05}
            objectives:
              - {metric: f1}
              - {metric: f2}
            """;
    static final int BUDGET = 200;
    static final long SEED = 99;

    @TempDir
    Path dir;

    @Test
    void killedRunResumesToTheSameFront() throws Exception {
        Path spaceFile = dir.resolve("space.yaml");
        Files.writeString(spaceFile, SPACE);
        Path db = dir.resolve("run.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(),
                spaceFile.toString(), db.toString(), "NSGA2", Integer.toString(BUDGET), Long.toString(SEED))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        int before;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rows(db) < 60) {
                assertTrue(child.isAlive(), "child ended early: " + Files.readString(dir.resolve("child.log")));
                assertTrue(System.nanoTime() < deadline, "child made no progress");
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        before = rows(db);
        System.err.println("kill-resume: killed at " + before + " rows");
        assertTrue(before >= 60 && before < BUDGET, "killed after " + before + " of " + BUDGET);

        ExplorationResult resumed;
        try (ResultStore store = ResultStore.open(db)) {
            Explorer.StoredRun run = Explorer.stored(store);
            assertEquals(SEED, run.settings().seed());
            try (LocalExecutor ex = new LocalExecutor(Evaluators.create(run.context()), 2)) {
                resumed = Explorer.explore(run.context(), run.settings(), ex, store, null);
            }
        }
        assertEquals(before, resumed.fromCache(), "every stored point served from the store");
        assertEquals(BUDGET - before, resumed.evaluatedNow(), "no stored point evaluated again");
        assertEquals(BUDGET, rows(db));

        EvaluationContext ctx = new EvaluationContext(DesignSpace.parse(SPACE, "same"), "", "");
        SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, BUDGET, SEED).withPopulationSize(20);
        ExplorationResult straight = Explorer.explore(ctx, s, 3);
        assertEquals(keys(straight.front()), keys(resumed.front()));
        assertEquals(keys(straight.evaluations()), keys(resumed.evaluations()));
    }

    /**
     * Killed at several points from the first instant (as soon as the store file appears, i.e. while it is being
     * created; after the first few evaluations; after a generation), rerunning the original command continues the run:
     * the final evaluations and front equal an uninterrupted run's and nothing stored is evaluated again.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 3, 25})
    void killedAtAnyPointTheOriginalCommandContinues(int killAtRows) throws Exception {
        Path spaceFile = dir.resolve("space.yaml");
        Files.writeString(spaceFile, SPACE);
        Path db = dir.resolve("run-" + killAtRows + ".db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(),
                spaceFile.toString(), db.toString(), "NSGA2", Integer.toString(BUDGET), Long.toString(SEED))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child" + killAtRows + ".log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (killAtRows < 0 ? !Files.exists(db) : rows(db) < killAtRows) {
                assertTrue(child.isAlive(), "child ended early");
                assertTrue(System.nanoTime() < deadline, "child made no progress");
                Thread.sleep(killAtRows < 0 ? 1 : 5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        int before = rows(db);
        // The original command again: same space, search and store file.
        DesignSpace space = DesignSpace.load(spaceFile);
        SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, BUDGET, SEED).withPopulationSize(20);
        EvaluationContext ctx = new EvaluationContext(space, "", "");
        ExplorationResult rerun;
        try (ResultStore store = ResultStore.create(db, Explorer.runInfo(ctx, s));
             LocalExecutor ex = new LocalExecutor(Evaluators.shared(ctx), 2)) {
            rerun = Explorer.explore(ctx, s, ex, store, null);
        }
        assertEquals(before, rerun.fromCache(), "every stored point served from the store (killed at " + before + ")");
        assertEquals(BUDGET - before, rerun.evaluatedNow());
        ExplorationResult straight = Explorer.explore(new EvaluationContext(DesignSpace.parse(SPACE, "same"), "", ""),
                s, 3);
        assertEquals(keys(straight.evaluations()), keys(rerun.evaluations()));
        assertEquals(keys(straight.front()), keys(rerun.front()));
    }

    static List<String> keys(List<Evaluation> l) {
        return l.stream().map(e -> e.point().key() + "=" + e.objectives()[0] + "," + e.objectives()[1]).toList();
    }

    static int rows(Path db) throws Exception {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE name = 'evaluations'")) {
            if (rs.getInt(1) == 0) {
                return 0;
            }
            try (ResultSet n = c.createStatement().executeQuery("SELECT count(*) FROM evaluations")) {
                return n.getInt(1);
            }
        }
    }
}

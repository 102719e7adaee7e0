package org.spattensim.dse.store;

import java.nio.file.Path;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.exec.LocalExecutor;
import org.spattensim.dse.search.SearchSettings;
import org.spattensim.dse.space.DesignSpace;

/** Child JVM of {@link KillResumeTest}: explores a slow analytic space into a store until killed. */
public final class KillableRun {
    private KillableRun() {}

    public static void main(String[] args) {
        DesignSpace space = DesignSpace.load(Path.of(args[0]));
        SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.valueOf(args[2]), Integer.parseInt(args[3]),
                Long.parseLong(args[4])).withPopulationSize(20);
        EvaluationContext ctx = new EvaluationContext(space, "", "");
        try (ResultStore store = ResultStore.create(Path.of(args[1]), Explorer.runInfo(ctx, s));
             LocalExecutor ex = new LocalExecutor(Evaluators.shared(ctx), 2)) {
            Explorer.explore(ctx, s, ex, store, null);
        }
    }
}

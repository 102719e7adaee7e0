package org.spattensim.dse.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;

/**
 * Uniform random sampling (log-uniform on log-scale reals), seeded: {@code budget} distinct points, or fewer
 * when the space is smaller (it gives up after {@code 20 x budget} draws).
 */
public final class RandomSearch implements Search {
    static final int BATCH = 256;

    @Override
    public void run(EvaluationService service, SearchSettings settings) {
        DesignSpace space = service.space();
        SplittableRandom rng = new SplittableRandom(settings.seed());
        int want = service.remaining();
        long maxDraws = 20L * want;
        Set<String> drawn = new HashSet<>();
        List<DesignPoint> batch = new ArrayList<>();
        double[] u = new double[space.parameters().size()];
        for (long draws = 0; drawn.size() < want && draws < maxDraws; draws++) {
            for (int i = 0; i < u.length; i++) {
                u[i] = rng.nextDouble();
            }
            DesignPoint p = space.decode(u);
            if (drawn.add(p.key())) {
                batch.add(p);
                if (batch.size() == BATCH) {
                    service.evaluate(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            service.evaluate(batch);
        }
    }
}

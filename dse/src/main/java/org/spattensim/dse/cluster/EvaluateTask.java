package org.spattensim.dse.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluator;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

/**
 * A chunk of points evaluated on a cluster member. The member builds the evaluator from the context once
 * ({@link Evaluators#shared}), so parsed workloads are reused across chunks.
 */
final class EvaluateTask implements Callable<List<Measurement>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final EvaluationContext context;
    private final List<DesignPoint> points;

    EvaluateTask(EvaluationContext context, List<DesignPoint> points) {
        this.context = context;
        this.points = new ArrayList<>(points);
    }

    @Override
    public List<Measurement> call() {
        Evaluator evaluator = Evaluators.shared(context);
        List<Measurement> out = new ArrayList<>(points.size());
        for (DesignPoint p : points) {
            out.add(Measurement.of(evaluator, p));
        }
        return out;
    }
}

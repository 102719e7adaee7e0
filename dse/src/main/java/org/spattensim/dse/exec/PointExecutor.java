package org.spattensim.dse.exec;

import java.util.List;
import java.util.function.Consumer;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

/**
 * Runs the evaluator on a batch of points: in this process ({@link LocalExecutor}) or on a cluster
 * ({@code org.spattensim.dse.cluster.ClusterExecutor}). The results do not depend on which.
 */
public interface PointExecutor extends AutoCloseable {
    /**
     * Evaluates {@code points}, calling {@code onResult} as each one finishes (one call at a time, in any
     * order), and returns the measurements in the order of {@code points}.
     */
    List<Measurement> evaluateAll(List<DesignPoint> points, Consumer<Measurement> onResult);

    /** Threads (or cluster members) evaluating at once, for reports. */
    int parallelism();

    @Override
    void close();
}

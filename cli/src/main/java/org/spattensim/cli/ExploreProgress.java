package org.spattensim.cli;

import java.io.PrintWriter;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.space.Objective;

/**
 * Progress of an exploration: a progress bar with ETA and the best value so far of each objective when
 * attached to a terminal; otherwise a plain line every 10% of the budget (and at the end).
 */
final class ExploreProgress implements EvaluationService.Listener, AutoCloseable {
    private final List<Objective> objectives;
    private final double[] best;
    private final PrintWriter out;
    private final ProgressBar bar;
    private final int budget;
    private long t0;
    private int feasible;
    private int lastLine = -1;

    ExploreProgress(List<Objective> objectives, int budget, boolean terminal, PrintWriter out) {
        this.objectives = objectives;
        this.best = new double[objectives.size()];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        this.out = out;
        this.budget = budget;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("explore").setInitialMax(budget)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).showSpeed().build() : null;
    }

    @Override
    public void onEvaluation(Evaluation e, boolean fromCache, int done, int budgetNow) {
        if (t0 == 0) {
            t0 = System.nanoTime();
        }
        if (e.feasible()) {
            feasible++;
            for (int i = 0; i < best.length; i++) {
                best[i] = Math.min(best[i], objectives.get(i).toMinimized(e.objectives()[i]));
            }
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(bestText());
        } else {
            int decile = (int) (10L * done / budget);
            if (decile != lastLine && (decile > lastLine)) {
                lastLine = decile;
                double s = (System.nanoTime() - t0) * 1e-9;
                out.printf("explore: %d/%d points (%.0f%%), %.1f s, %s%n", done, budget, 100.0 * done / budget, s, bestText());
                out.flush();
            }
        }
    }

    private String bestText() {
        StringBuilder sb = new StringBuilder("feasible " + feasible);
        for (int i = 0; i < best.length; i++) {
            if (best[i] != Double.POSITIVE_INFINITY) {
                Objective o = objectives.get(i);
                sb.append(", best ").append(o.metric()).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.4g", o.toMinimized(best[i])));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

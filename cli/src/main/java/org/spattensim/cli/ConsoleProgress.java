package org.spattensim.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spattensim.accel.RunProgress;

/**
 * A run's progress on the console, on standard error (standard output stays the result): a progress bar with its
 * ETA per phase on a terminal; elsewhere (a log, CI) a line at each quarter of a phase that has run 2 s or more,
 * with the elapsed time and the ETA. Quiet for short runs.
 */
final class ConsoleProgress implements RunProgress, AutoCloseable {
    private static final long QUIET_NANOS = 2_000_000_000L;
    private final long quietNanos;
    private final String command;
    private final boolean terminal;
    private final PrintStream out;
    private String phase;
    private long phaseStart;
    private int lastQuarter;
    private ProgressBar bar;

    ConsoleProgress(String command) {
        this(command, System.console() != null, System.err, QUIET_NANOS);
    }

    /** @param quietNanos how long a phase runs before its progress is shown */
    ConsoleProgress(String command, boolean terminal, PrintStream out, long quietNanos) {
        this.quietNanos = quietNanos;
        this.command = command;
        this.terminal = terminal;
        this.out = out;
    }

    @Override
    public void update(String p, long done, long total) {
        long now = System.nanoTime();
        if (!p.equals(phase)) {
            close();
            phase = p;
            phaseStart = now;
            lastQuarter = 0;
        }
        if (terminal) {
            if (bar == null && now - phaseStart >= quietNanos / 4) {
                bar = new ProgressBarBuilder().setTaskName(command + " " + p).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                        .build();
            }
            if (bar != null) {
                bar.stepTo(done);
            }
            return;
        }
        int quarter = (int) (4 * done / Math.max(1, total));
        double elapsed = (now - phaseStart) / 1e9;
        if (quarter > lastQuarter && now - phaseStart >= quietNanos) {
            lastQuarter = quarter;
            double eta = done == 0 ? 0 : elapsed / done * (total - done);
            out.printf(Locale.ROOT, "%s: %s %d%% (%,d of %,d tasks), %.1f s, about %.0f s left%n", command, p,
                    100 * done / Math.max(1, total), done, total, elapsed, eta);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package org.spattensim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spattensim.trace.stats.StatsOptions;
import org.spattensim.trace.stats.TraceStats;
import org.spattensim.trace.stats.TraceStatsCalculator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spatten trace-stats}: per-layer/head attention statistics of a trace. */
@Command(name = "trace-stats", mixinStandardHelpOptions = true,
        description = {"Print per-layer and per-head attention statistics of a trace (entropy, max probability, sinks).",
                "Per layer and head: row entropy, max-probability distribution, share of mass in the top 10%% of keys, "
                        + "sink mass (first k keys), local mass. Uses stored probabilities, else Q and K."})
public final class TraceStatsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<trace>")
    Path trace;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--sink", defaultValue = "1", description = "sink = the first k keys (default ${DEFAULT-VALUE})")
    int sink;

    @Option(names = "--local", defaultValue = "4", description = "local = keys with |j - i| < w (default ${DEFAULT-VALUE})")
    int local;

    @Option(names = "--top", defaultValue = "0.1", description = "top-mass fraction of keys (default ${DEFAULT-VALUE})")
    double top;

    @Option(names = "--max-rows", defaultValue = "0", description = "at most N evenly spaced query rows per head; 0 = all")
    int maxRows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TraceStats s = TraceStatsCalculator.compute(trace, new StatsOptions(sink, local, top, maxRows));
        var out = spec.commandLine().getOut();
        out.print(json ? s.toJson() + System.lineSeparator() : s.toTable());
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}

package org.spattensim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spattensim.results.study.DemoStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job on the bundled defaults: traces, simulations, baselines, quality, report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Record a trace from the bundled model over its full context, choose its pruning under a quality budget, "
                + "synthesise a BERT-base encoder trace, simulate SpAtten, SpAtten-1/8, dense, A3 and MNNFast on them and on "
                + "SpAtten's released GPT-2 workload, measure the CPU, model the GPUs, validate against SpAtten's RTL, and "
                + "write results/runs/<name>/report.html.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "demo", description = "Run folder name under --results. Default: ${DEFAULT-VALUE}")
    String name;

    @Option(names = "--results", defaultValue = "results/runs", description = "Where run folders go. Default: ${DEFAULT-VALUE}")
    Path results;

    @Option(names = "--steps", defaultValue = "0", description = "Tokens to generate when recording the trace; 0 fills the "
            + "model's context (499 for the default prompt on stories260K's 512). Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--max-kl", defaultValue = "0.05", paramLabel = "<nats>", description = "Quality budget the real model's "
            + "pruning is chosen under: largest mean next-token KL against the dense model. Default: ${DEFAULT-VALUE}")
    double maxKl;

    @Option(names = "--min-top1", defaultValue = "0.95", paramLabel = "<share>", description = "Quality budget: smallest "
            + "top-1 agreement with the dense model, 0..1. Default: ${DEFAULT-VALUE}")
    double minTop1;

    @Option(names = "--threads", description = "Simulation threads (default: all cores)")
    Integer threads;

    @Option(names = "--trace", paramLabel = "<file|name>", description = "Also run the whole study on this trace "
            + "(a Q/K/V trace, a SpAtten workload CSV or a bundled workload name; repeatable)")
    java.util.List<String> traces = new java.util.ArrayList<>();

    @Option(names = "--no-cpu", description = "Skip measuring the CPU baseline")
    boolean noCpu;

    @Override
    public Integer call() throws Exception {
        Path dir = results.resolve(CliChecks.plainName(name, "--name"));
        int t = CliChecks.threads(threads, "--threads");
        if (steps < 0 || steps > 4096) {
            throw org.spattensim.common.InvalidInputException.of("--steps " + steps, "--steps", "is " + steps,
                    "0 (fill the context) to 4096");
        }
        if (!(maxKl >= 0) || !Double.isFinite(maxKl)) {
            throw org.spattensim.common.InvalidInputException.of("--max-kl " + maxKl, "--max-kl", "is " + maxKl,
                    "a finite KL in nats >= 0");
        }
        if (!(minTop1 >= 0 && minTop1 <= 1)) {
            throw org.spattensim.common.InvalidInputException.of("--min-top1 " + minTop1, "--min-top1", "is " + minTop1,
                    "a share between 0 and 1 (0.95 = 95%)");
        }
        DemoStudy.Options d = DemoStudy.Options.defaults(dir);
        for (String tr : traces) {
            // Refused before the study starts, naming the file.
            org.spattensim.accel.spatten.workload.WorkloadLoader.load(tr,
                    org.spattensim.accel.spatten.SpattenPresets.load(org.spattensim.accel.spatten.SpattenPresets.FULL),
                    org.spattensim.accel.spatten.AblationStep.DENSE);
        }
        DemoStudy.Options o = new DemoStudy.Options(dir, d.prompt(), steps, t, !noCpu, d.cpuRuns())
                .withUserTraces(traces).withBudget(new org.spattensim.results.study.QualityBudgetSearch.Budget(maxKl, minTop1));
        long t0 = System.nanoTime();
        Progress progress = new Progress(t0);
        Path report = new DemoStudy(o, progress).run();
        progress.close();
        System.out.printf("done in %.1f s%nreport: %s%n", (System.nanoTime() - t0) / 1e9, report.toAbsolutePath());
        return SpattenCli.EXIT_OK;
    }

    /** Progress lines, with a bar over the simulations when attached to a terminal. */
    static final class Progress implements Consumer<String> {
        private static final Pattern COUNT = Pattern.compile("\\s*simulations (\\d+)/(\\d+)(: .*)?");
        private final long t0;
        private final boolean terminal = System.console() != null;
        private ProgressBar bar;

        Progress(long t0) {
            this.t0 = t0;
        }

        @Override
        public void accept(String message) {
            Matcher m = COUNT.matcher(message);
            if (terminal && m.matches()) {
                if (bar == null) {
                    bar = new ProgressBarBuilder().setTaskName("simulating").setInitialMax(Long.parseLong(m.group(2)))
                            .setStyle(ProgressBarStyle.ASCII).build();
                }
                bar.stepTo(Long.parseLong(m.group(1)));
                return;
            }
            close();
            System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, message.trim());
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}

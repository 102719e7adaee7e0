package org.spattensim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.accel.Accelerators;
import org.spattensim.results.study.KvPolicyStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spatten kv-policies}: every KV-cache policy's quality and timing on SpAtten-style hardware, with a report. */
@Command(name = "kv-policies", mixinStandardHelpOptions = true,
        description = {"Compare KV-cache token-selection policies (cascade, StreamingLLM, SpAtten-LLM, H2O, Quest) on "
                + "SpAtten-style hardware: quality on the real model, cycle-level decode timing, report.",
                "Quality (KL, top-1 vs dense) on the bundled stories260K model; latency, energy and DRAM traffic on each "
                        + "design for decode at each context, on synthetic GPT-2-small traces fitted to the recorded "
                        + "model's attention statistics; writes results/runs/<name>/report.html (docs/kv-policies.md)."})
final class KvPoliciesCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "kv-policies", description = "Run folder name under --results. Default: ${DEFAULT-VALUE}")
    String name;

    @Option(names = "--results", defaultValue = "results/runs", description = "Where run folders go. Default: ${DEFAULT-VALUE}")
    Path results;

    @Option(names = "--contexts", split = ",", defaultValue = "1024,2048,4096", paramLabel = "<tokens>",
            description = "Decode contexts, comma-separated (up to 32k: slow, and SpAtten-1/8's 2 HBM2 channels need "
                    + "--designs spatten or more channels). Default: ${DEFAULT-VALUE}")
    List<Integer> contexts;

    @Option(names = "--budgets", split = ",", defaultValue = "0.125,0.25,0.5", paramLabel = "<fraction>",
            description = "KV budgets as shares of the context, comma-separated. Default: ${DEFAULT-VALUE}")
    List<Double> budgets;

    @Option(names = "--designs", split = ",", defaultValue = "spatten,spatten-1/8", paramLabel = "<name>",
            description = "Registered SpAtten designs, comma-separated. Default: ${DEFAULT-VALUE}")
    List<String> designs;

    @Option(names = "--steps", defaultValue = "2", description = "Decode steps per synthetic trace. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--shape", defaultValue = "gpt2-small", description = "Model shape of the synthetic traces "
            + "(./spatten synth --help lists them). Default: ${DEFAULT-VALUE}")
    String shape;

    @Option(names = "--tokens", defaultValue = "96", description = "Tokens generated per quality prompt. Default: ${DEFAULT-VALUE}")
    int tokens;

    @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Path dir = results.resolve(CliChecks.plainName(name, "--name"));
        int t = CliChecks.threads(threads, "--threads");
        for (String d : designs) {
            Accelerators.get(d);
            // Refused before any work: a design must take the pruning.* keys the settings override.
            org.spattensim.accel.spatten.SpattenPresets.load(d, List.of("pruning.policy=h2o"));
        }
        org.spattensim.trace.synth.ModelShape.byName(shape);
        KvPolicyStudy.Options o = new KvPolicyStudy.Options(dir, contexts, steps, budgets, designs, shape, t, tokens);
        long t0 = System.nanoTime();
        DemoCommand.Progress progress = new DemoCommand.Progress(t0);
        Path report = new KvPolicyStudy(o, progress).run();
        progress.close();
        System.out.printf("done in %.1f s%nreport: %s%n", (System.nanoTime() - t0) / 1e9, report.toAbsolutePath());
        return SpattenCli.EXIT_OK;
    }
}

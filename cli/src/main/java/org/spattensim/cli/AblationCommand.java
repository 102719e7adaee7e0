package org.spattensim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.Ablation;
import org.spattensim.results.compare.AblationTable;
import org.spattensim.results.report.DataTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The paper's speedup breakdown: dense, + pruning (general top-k), + fast top-k, + progressive quantization. */
@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = "Run the paper's breakdown on one trace: dense datapath, +token/head pruning with a general top-k, "
                + "+the fast top-k engine, +progressive quantization.")
final class AblationCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "spatten", description = "Preset or YAML file. Default: ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--trace", required = true, description = "Bundled workload, SpAtten CSV or Q/K/V trace")
    String trace;

    @Option(names = "--set", description = "Override a configuration key (repeatable)")
    List<String> sets = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", description = "Also write report.html (tables, PNG/SVG/PDF figures, LaTeX tables) into the -o folder")
    boolean report;

    @Option(names = {"-o", "--output"}, description = "Write ablation.csv here")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (report && output == null) {
            throw org.spattensim.common.InvalidInputException.of("--report", "--report", "needs -o",
                    "-o <folder> for the data and report.html");
        }
        org.spattensim.accel.spatten.workload.WorkloadLoader.refuseIgnored(trace, sets);
        SpattenConfig cfg = SpattenPresets.load(model, sets);
        DataTable t;
        try (ConsoleProgress progress = new ConsoleProgress("ablation")) {
            t = AblationTable.of(trace, Ablation.run(cfg, trace, progress));
        }
        System.out.printf("%-28s %14s %14s %10s %10s %12s%n", "step", "cycles", "DRAM bytes", "speedup", "vs dense", "DRAM reduction");
        for (int i = 0; i < t.size(); i++) {
            System.out.printf("%-28s %,14d %,14d %9sx %9sx %11sx%n", t.get(i, "step"), (long) t.number(i, "cycles"),
                    (long) t.number(i, "dram_bytes"), CompareCommand.show(t.get(i, "speedup_vs_previous")),
                    CompareCommand.show(t.get(i, "speedup_vs_dense")), CompareCommand.show(t.get(i, "dram_reduction_vs_dense")));
        }
        if (output != null) {
            Files.createDirectories(output);
            t.write(output.resolve("ablation.csv"));
            System.out.println("wrote " + output.resolve("ablation.csv"));
        }
        if (output != null) {
            RunProvenance.write(output, "ablation", spec.commandLine().getParseResult().originalArgs(), trace);
        }
        if (report) {
            System.out.println("report: " + org.spattensim.results.report.ReportGenerator.generate(output));
        }
        return SpattenCli.EXIT_OK;
    }
}

package org.spattensim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Simulates one workload on one registered accelerator and writes stats.csv, stats.json and config.yaml. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a trace or workload on an accelerator design (cycle-level, with DRAM, energy and area).")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "spatten", description = "A registered accelerator (spatten, spatten-1/8, dense, dense-1/8, a3, mnnfast, ...: "
                    + "./spatten accelerators lists them) or a SpAtten YAML file. Default: ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--trace", required = true,
            description = "Bundled SpAtten workload (gpt2-small-wikitext2, gpt2-small-wikitext2-dense, small), a SpAtten workload CSV, or a Q/K/V trace")
    String trace;

    @Option(names = "--set", description = "Override a configuration key, e.g. --set memory.channels=8 (repeatable)")
    List<String> sets = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", description = "Also write report.html (tables, PNG/SVG/PDF figures, LaTeX tables) into the -o folder")
    boolean report;

    @Option(names = {"-o", "--output"}, description = "Directory for stats.csv, stats.json and config.yaml")
    Path output;

    @Option(names = "--json", description = "Print stats.json to standard output")
    boolean json;

    @Option(names = "--dram-trace", paramLabel = "FILE",
            description = "Also write the run's DRAM request stream to FILE, to replay it in another DRAM simulator")
    Path dramTrace;

    @Option(names = "--dram-trace-format", defaultValue = "ramulator2",
            description = "ramulator2 (LoadStoreTrace: LD/ST lines) or dramsim3 (address, READ/WRITE, memory cycle). "
                    + "Default: ${DEFAULT-VALUE}")
    String dramTraceFormat;

    @Override
    public Integer call() throws IOException {
        if (report && output == null) {
            throw org.spattensim.common.InvalidInputException.of("--report", "--report", "needs -o",
                    "-o <folder> for the data and report.html");
        }
        AcceleratorModel m = Accelerators.get(model);
        var format = dramTrace == null ? null : DramCommand.parseFormat(dramTraceFormat);
        if (dramTrace != null) {
            CliChecks.newOutputFile(dramTrace, "--dram-trace");
        }
        org.spattensim.memory.dram.DramSystem[] dram = new org.spattensim.memory.dram.DramSystem[1];
        AcceleratorRun run;
        try (ConsoleProgress progress = new ConsoleProgress("simulate")) {
            run = m.run(new RunRequest(trace, sets, d -> {
                if (dramTrace != null) {
                    d.enableRequestTrace();
                    dram[0] = d;
                }
            }, progress));
        }
        if (dramTrace != null) {
            org.spattensim.memory.dram.export.TraceExporter.write(dram[0].requestTrace(), format, dramTrace);
        }
        if (output != null) {
            Files.createDirectories(output);
            run.stats().writeCsv(output.resolve("stats.csv"));
            run.stats().writeJson(output.resolve("stats.json"));
            Files.writeString(output.resolve("config.yaml"), run.configYaml());
        }
        if (json) {
            System.out.println(run.stats().toJson());
        } else {
            System.out.printf("%s (%s) on %s%n", m.name(), run.method(), run.workload());
            System.out.printf("  total cycles      %,d (%.3f ms at %.2f GHz)%n", run.cycles(), run.seconds() * 1e3,
                    run.clockGhz());
            System.out.printf("  DRAM read         %,d B in %,d transactions (%.1f of %.1f GB/s)%n", run.dramBytesRead(),
                    run.dramTransactions(), run.stats().value("dram.bandwidth_gbps"), run.stats().value("dram.peak_gbps"));
            StringBuilder bytes = new StringBuilder();
            run.dramBytesByMatrix().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .filter(e -> e.getValue() > 0)
                    .forEach(e -> bytes.append(bytes.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(String.format("%,d", e.getValue())));
            System.out.println("  DRAM by matrix    " + bytes);
            System.out.printf("  energy            %.4g mJ (logic %.3g, SRAM %.3g, DRAM %.3g mJ)%n", run.energyPj() * 1e-9,
                    run.energyByCategory().get("logic") * 1e-9, run.energyByCategory().get("sram") * 1e-9,
                    run.energyByCategory().get("dram") * 1e-9);
            // A design whose area is neither modelled nor published (MNNFast, an FPGA design) has NaN in its stats.
            System.out.println(Double.isNaN(run.areaMm2()) ? "  area              not modelled or published for this design"
                    + " (stat area_mm2)" : String.format("  area              %.2f mm2", run.areaMm2()));
            if (output != null) {
                System.out.println("  wrote " + output.resolve("stats.csv") + ", stats.json, config.yaml");
            }
            if (dramTrace != null) {
                System.out.println("  wrote the DRAM request stream (" + dram[0].requestTrace().size() + " requests, "
                        + dramTraceFormat + ") to " + dramTrace);
            }
        }
        if (output != null) {
            RunProvenance.write(output, "simulate", spec.commandLine().getParseResult().originalArgs(), trace);
        }
        if (report) {
            System.out.println("report: " + org.spattensim.results.report.ReportGenerator.generate(output));
        }
        return SpattenCli.EXIT_OK;
    }
}

package org.spattensim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.config.Presets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Simulates one workload on one SpAtten design point and writes stats.csv, stats.json and config.yaml. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a trace or workload on a SpAtten design point (cycle-level, with DRAM, energy and area).")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "spatten", description = "Preset (spatten, spatten-1/8) or a YAML file. Default: ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--trace", required = true,
            description = "Bundled SpAtten workload (gpt2-small-wikitext2, gpt2-small-wikitext2-dense, small), a SpAtten workload CSV, or a Q/K/V trace")
    String trace;

    @Option(names = "--set", description = "Override a configuration key, e.g. --set memory.channels=8 (repeatable)")
    List<String> sets = new ArrayList<>();

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
        WorkloadLoader.refuseIgnored(trace, sets);
        Presets.Loaded<SpattenConfig> cfg = SpattenPresets.loadWithTree(model, sets);
        var format = dramTrace == null ? null : DramCommand.parseFormat(dramTraceFormat);
        if (dramTrace != null && Files.isDirectory(dramTrace)) {
            throw org.spattensim.common.InvalidInputException.of(dramTrace.toString(), "--dram-trace", "is a directory",
                    "a file to write the request stream to");
        }
        WorkloadLoader.Loaded w = WorkloadLoader.load(trace, cfg.value(), AblationStep.PROGRESSIVE_QUANTIZATION);
        org.spattensim.memory.dram.DramSystem[] dram = new org.spattensim.memory.dram.DramSystem[1];
        SpattenRun run = new SpattenTimingModel(cfg.value()).run(w.workload(),
                org.spattensim.accel.spatten.pipeline.FetchPolicy.KEPT_ONLY, d -> {
                    if (dramTrace != null) {
                        d.enableRequestTrace();
                        dram[0] = d;
                    }
                });
        if (dramTrace != null) {
            org.spattensim.memory.dram.export.TraceExporter.write(dram[0].requestTrace(), format, dramTrace);
        }
        if (output != null) {
            Files.createDirectories(output);
            run.stats().writeCsv(output.resolve("stats.csv"));
            run.stats().writeJson(output.resolve("stats.json"));
            Files.writeString(output.resolve("config.yaml"), "# effective configuration of " + cfg.source() + "\n" + cfg.toYaml());
        }
        if (json) {
            System.out.println(run.stats().toJson());
        } else {
            System.out.printf("%s on %s (%s)%n", cfg.value().name(), w.name(), w.kind());
            System.out.printf("  total cycles      %,d (%.3f ms at %.2f GHz)%n", run.totalCycles(), run.seconds() * 1e3,
                    cfg.value().compute().clockGhz());
            System.out.printf("  DRAM read         %,d B in %,d transactions (%.1f of %.1f GB/s)%n", run.dramBytesRead(),
                    run.dramTransactions(), run.stats().value("dram.bandwidth_gbps"), run.stats().value("dram.peak_gbps"));
            System.out.printf("  LSB refetches     %,d tasks%n", run.requants());
            System.out.printf("  energy            %.4g mJ (logic %.3g, SRAM %.3g, DRAM %.3g mJ)%n", run.energyPj() * 1e-9,
                    run.energyByCategory().get("logic") * 1e-9, run.energyByCategory().get("sram") * 1e-9,
                    run.energyByCategory().get("dram") * 1e-9);
            System.out.printf("  area              %.2f mm2%n", run.areaMm2());
            if (output != null) {
                System.out.println("  wrote " + output.resolve("stats.csv") + ", stats.json, config.yaml");
            }
            if (dramTrace != null) {
                System.out.println("  wrote the DRAM request stream (" + dram[0].requestTrace().size() + " requests, "
                        + dramTraceFormat + ") to " + dramTrace);
            }
        }
        return SpattenCli.EXIT_OK;
    }
}

package org.spattensim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.results.baseline.BaselineRegistry;
import org.spattensim.results.compare.ComparisonRunner;
import org.spattensim.results.compare.SpeedupTable;
import org.spattensim.results.report.DataTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Latency, energy and DRAM bytes of several models on one trace, and the speedups between them. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare accelerators and CPU/GPU baselines on one trace: latency, energy, DRAM bytes, speedup and energy saving.")
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--trace", required = true, description = "Bundled workload, SpAtten CSV or Q/K/V trace")
    String trace;

    static final List<String> DEFAULT_MODELS = List.of("spatten", "spatten-1/8", "dense", "dense-1/8", "a3", "mnnfast",
            "cpu", "gpu:titan-xp", "gpu:h100");

    @Option(names = "--models", split = ",",
            description = "Comma-separated models: registered accelerators (./spatten accelerators), SpAtten YAML files, "
                    + "cpu, gpu:<id>. Default: spatten,spatten-1/8,dense,dense-1/8,a3,mnnfast,cpu,gpu:titan-xp,gpu:h100 "
                    + "(on a SpAtten CSV, without the designs that need Q/K/V data)")
    List<String> models;

    @Option(names = "--set", description = "Override a parameter of every accelerator compared, e.g. --set memory.channels=4 "
            + "(repeatable; a design without that key fails with a message)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--gpu-csv", paramLabel = "FILE", description = "Measured GPU timings (tools/gpu_baseline.py "
            + "output); gpu:<id> rows use them for the shapes they cover, the roofline model otherwise")
    Path gpuCsv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", description = "Also write report.html (tables, PNG/SVG/PDF figures, LaTeX tables) into the -o folder")
    boolean report;

    @Option(names = {"-o", "--output"}, description = "Write comparison.csv/json and speedup.csv/json here")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (report && output == null) {
            throw org.spattensim.common.InvalidInputException.of("--report", "--report", "needs -o",
                    "-o <folder> for the data and report.html");
        }
        if (models == null) {
            models = new ArrayList<>();
            for (String m : DEFAULT_MODELS) {
                if (org.spattensim.accel.spatten.workload.WorkloadLoader.decisionDriven(trace) && !m.equals("cpu")
                        && !m.startsWith("gpu:") && org.spattensim.accel.Accelerators.get(m).decidesFromData()) {
                    System.err.println("note: " + m + " left out: it decides from Q/K/V data, which " + trace
                            + " (a SpAtten workload CSV) does not hold");
                    continue;
                }
                models.add(m);
            }
        }
        var measured = gpuCsv == null ? org.spattensim.results.baseline.gpu.MeasuredGpuTimings.empty()
                : org.spattensim.results.baseline.gpu.MeasuredGpuTimings.load(gpuCsv);
        BaselineRegistry registry = BaselineRegistry.defaults(
                org.spattensim.results.baseline.cpu.CpuBaselineConfig.defaults(), measured);
        ConsoleProgress progress = new ConsoleProgress("compare");
        ComparisonRunner.Outcome outcome = ComparisonRunner.run(trace, models, sets, registry, t -> {
            progress.close();
            if (output != null) {
                // Each finished model is on disk before the next starts: a later failure or a kill loses nothing.
                try {
                    Files.createDirectories(output);
                    t.write(output.resolve("comparison.csv"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            System.err.println("  " + t.get(t.size() - 1, "model") + " done (" + t.size() + " of " + models.size() + ")");
        }, true, progress);
        progress.close();
        DataTable cmp = outcome.table();
        List<String> designs = ComparisonRunner.designs(models);
        List<String> baselines = new ArrayList<>(models);
        DataTable sp = SpeedupTable.derive(cmp, designs, baselines);
        System.out.printf("%-16s %-11s %-10s %12s %12s %14s %12s%n", "model", "kind", "method", "latency (s)", "energy (J)",
                "DRAM bytes", "output err");
        for (int i = 0; i < cmp.size(); i++) {
            System.out.printf("%-16s %-11s %-10s %12s %12s %14s %12s%n", cmp.get(i, "model"), cmp.get(i, "kind"),
                    cmp.get(i, "method"), show(cmp.get(i, "latency_s")), show(cmp.get(i, "energy_j")), cmp.get(i, "dram_bytes"),
                    show(cmp.get(i, "quality_output_rel_l2")));
        }
        System.out.println();
        System.out.printf("%-16s %-16s %10s %14s%n", "design", "over", "speedup", "energy saving");
        for (int i = 0; i < sp.size(); i++) {
            System.out.printf("%-16s %-16s %9sx %13sx%n", sp.get(i, "model"), sp.get(i, "baseline"), show(sp.get(i, "speedup")),
                    show(sp.get(i, "energy_saving")));
        }
        if (output != null) {
            Files.createDirectories(output);
            cmp.write(output.resolve("comparison.csv"));
            sp.write(output.resolve("speedup.csv"));
            writeJson(cmp, output.resolve("comparison.json"));
            writeJson(sp, output.resolve("speedup.json"));
            System.out.println("wrote " + output.resolve("comparison.csv") + ", speedup.csv and their .json");
        }
        if (!outcome.failures().isEmpty()) {
            outcome.failures().forEach((m, why) -> System.err.println("error: model " + m + " failed: " + why));
            System.err.println(outcome.failures().size() + " of " + models.size() + " models failed; the others are above"
                    + (output != null ? " and in " + output.resolve("comparison.csv") : ""));
            return 2;
        }
        if (output != null) {
            RunProvenance.write(output, "compare", spec.commandLine().getParseResult().originalArgs(), trace);
        }
        if (report) {
            System.out.println("report: " + org.spattensim.results.report.ReportGenerator.generate(output));
        }
        return SpattenCli.EXIT_OK;
    }

    /** A number with four significant digits for the console (the files keep every digit). */
    static String show(String cell) {
        try {
            return cell.isEmpty() || cell.matches("-?\\d+") ? cell : DataTable.fmt(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return cell;
        }
    }

    private static void writeJson(DataTable t, Path file) throws java.io.IOException {
        ObjectMapper m = new ObjectMapper();
        ArrayNode rows = m.createArrayNode();
        for (List<String> r : t.rows()) {
            ObjectNode o = rows.addObject();
            for (int c = 0; c < r.size(); c++) {
                String v = r.get(c);
                try {
                    o.put(t.columns().get(c), Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    o.put(t.columns().get(c), v);
                }
            }
        }
        m.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), rows);
    }
}

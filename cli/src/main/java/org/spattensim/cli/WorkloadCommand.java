package org.spattensim.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.functional.DataDrivenProducer;
import org.spattensim.accel.spatten.functional.FunctionalResult;
import org.spattensim.accel.spatten.functional.LayerError;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadSummary;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spatten workload}: builds the SpAtten workload (the timing model's input) from a Q/K/V trace
 * (decisions computed by the functional model, output error per layer) or from a SpAtten CSV (decisions
 * as given), and prints its summary.
 */
@Command(name = "workload", mixinStandardHelpOptions = true,
        description = {"Build a SpAtten workload from a trace or CSV and print its summary (kept keys, values, refetches).",
                "From a Q/K/V trace (.safetensors) the functional model decides and reports the output error per layer; "
                        + "a SpAtten CSV or bundled name gives the decisions."})
public final class WorkloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<trace|csv|bundled-name>", description = "input")
    String input;

    @Option(names = "--design", defaultValue = SpattenPresets.FULL, paramLabel = "<preset|file>",
            description = "SpAtten preset or YAML file (default: ${DEFAULT-VALUE})")
    String design;

    @Option(names = "--set", paramLabel = "key=value", description = "override a design key")
    List<String> sets = new ArrayList<>();

    @Option(names = "--ablation", defaultValue = "PROGRESSIVE_QUANTIZATION", paramLabel = "<step>",
            description = "DENSE, PRUNING_GENERAL_TOPK, PRUNING_FAST_TOPK or PROGRESSIVE_QUANTIZATION (default)")
    AblationStep step;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SpattenConfig config = SpattenPresets.load(design, sets);
        Map<String, Object> report = new LinkedHashMap<>();
        Workload w;
        List<LayerError> errors = List.of();
        if (input.endsWith(".safetensors") && Files.isRegularFile(Path.of(input))) {
            FunctionalResult r = DataDrivenProducer.fromTrace(Path.of(input), config, step);
            w = r.workload();
            errors = r.layerErrors();
        } else {
            w = DecisionDrivenProducer.from(BundledSpattenWorkloads.loadNameOrFile(input), config, step);
        }
        WorkloadSummary s = w.summary();
        report.put("source", w.source());
        report.put("design", config.name());
        report.put("ablation", step.name());
        report.put("summary", s);
        report.put("layerErrors", errors);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(report));
        } else {
            out.printf(Locale.ROOT, "%s (design %s, %s)%n", w.source(), config.name(), step.name());
            out.printf(Locale.ROOT, "  tasks %d (%d active), mean L %.1f, mean kept keys %.1f, mean kept values %.1f%n",
                    s.tasks(), s.activeTasks(), s.meanContext(), s.meanKeptKeys(), s.meanKeptValues());
            out.printf(Locale.ROOT, "  keys kept / L %.3f, values kept / L %.3f, LSB refetch %.2f%%, heads pruned %.2f%%%n",
                    s.keyKeepRatio(), s.valueKeepRatio(), 100 * s.requantShare(), 100 * s.headPrunedShare());
            out.printf(Locale.ROOT, "  K+V bits vs dense fp32: %.1fx less; top-k cycles %d%n", s.keyValueReduction(),
                    s.topKCycles());
            for (LayerError e : errors) {
                out.printf(Locale.ROOT, "  layer %d: output relative L2 error %.4g, cosine %.5f%n", e.layer(),
                        e.relativeL2(), e.meanCosine());
            }
        }
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}

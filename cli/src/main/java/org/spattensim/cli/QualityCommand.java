package org.spattensim.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.trace.record.RecorderModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spatten quality}: runs a real model with SpAtten's pruning and key quantization inside its
 * attention and reports next-token KL divergence and top-1 agreement against the dense model.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Measure the quality cost of SpAtten's pruning and quantization on a real model (KL, top-1).",
                "Next-token KL divergence and top-1 agreement against the dense model over a set of prompts."})
public final class QualityCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = RecorderModel.DEFAULT_MODEL, paramLabel = "<dir|name>",
            description = "bundled model name or llama2.c model directory (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--design", defaultValue = SpattenPresets.FULL, paramLabel = "<preset|file>",
            description = "SpAtten preset (spatten, spatten-1/8) or YAML file (default: ${DEFAULT-VALUE})")
    String design;

    @Option(names = "--set", paramLabel = "key=value", description = "override a design key, e.g. pruning.token.average=0.3")
    List<String> sets = new ArrayList<>();

    @Option(names = "--prompt", paramLabel = "<text>", description = "prompt (repeatable; default: 8 built-in prompts)")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--tokens", defaultValue = "" + QualityEvaluator.DEFAULT_TOKENS, paramLabel = "<n>",
            description = "tokens generated per prompt (default: ${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SpattenConfig config = SpattenPresets.load(design, sets);
        RecorderModel m = RecorderModel.load(model);
        QualityReport r = QualityEvaluator.evaluate(m, config,
                prompts.isEmpty() ? QualityEvaluator.DEFAULT_PROMPTS : prompts, tokens);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(r));
        } else {
            out.print(r.describe());
        }
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}

package org.spattensim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spatten record}: runs a real llama2.c model on a prompt and writes a decode attention trace. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a real Llama-2-architecture model (llama2.c checkpoint) on a prompt, generate tokens and "
                + "write a decode attention trace (Q and K after RoPE, V, and the probabilities of every decode step).",
            "Prints the prompt and the generated text on stdout and a summary on stderr."})
public final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = RecorderModel.DEFAULT_MODEL, paramLabel = "<dir|name>",
            description = "Bundled model name or a directory holding a llama2.c checkpoint (model.bin or *.bin) and "
                    + "tokenizer (tokenizer.bin or tok*.bin). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--prompt", defaultValue = "", description = "Prompt text (BOS is added). Default: empty.")
    String prompt;

    @Option(names = "--steps", required = true, paramLabel = "N",
            description = "Tokens to generate (decode steps); prompt tokens + N must fit the model's context.")
    int steps;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "0 for greedy decoding (default), else sampling temperature.")
    double temperature;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed. Default: 0.")
    long seed;

    @Option(names = "--dtype", defaultValue = "F32", paramLabel = "F32|F16|BF16",
            description = "Storage type of the trace tensors. Default: ${DEFAULT-VALUE}.")
    TraceDType dtype;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<trace>",
            description = "Trace file to write (safetensors).")
    Path output;

    @Override
    public Integer call() {
        if (Files.isDirectory(output)) {
            throw InvalidInputException.of(output.toString(), "-o", "is a directory", "a trace file path");
        }
        RecorderModel rm = RecorderModel.load(model);
        DecodeRecorder recorder = new DecodeRecorder(rm);
        TokenSampler sampler = new TokenSampler(temperature, seed);
        Generation g = recorder.generate(prompt, steps, sampler);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new InvalidInputException(output + ": cannot create the output directory: " + e.getMessage(),
                        e);
            }
        }
        TraceMetadata meta;
        try {
            meta = recorder.writeDecodeTrace(g, output, dtype);
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(output + ": cannot write the trace: " + e.getCause().getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(prompt + g.generatedText());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("wrote %s: model %s, %d positions (%d prompt + %d decode steps), %d layers x %d heads "
                        + "(%d KV heads, head dim %d), %s, %s%n", output, meta.modelName(), meta.sequenceLength(),
                meta.promptLength(), meta.steps(), meta.layers(), meta.queryHeads(), meta.kvHeads(), meta.headDim(),
                meta.dtype(), g.sampler());
        err.flush();
        return SpattenCli.EXIT_OK;
    }
}

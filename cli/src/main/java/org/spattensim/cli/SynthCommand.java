package org.spattensim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spatten synth}: writes a seeded synthetic attention trace. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a seeded synthetic attention trace (Q, K, V and probabilities) of a model shape.",
                "It has attention sinks, heavy hitters, a local band, heavy-tailed rows and heads of different entropy. "
                        + "Same seed, same bytes.",
                "Parameters (--set): sinkTokens, sinkStrength, heavyHitters, heavyHitterStrength, localWindow,",
                "localStrength, localFrequencies, noiseStd, temperatureMin, temperatureMax, headJitter, valueStd."})
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--shape", required = true,
            description = "model shape: bert-base, bert-large, gpt2-small, gpt2-medium, llama3-8b, stories260k")
    String shape;

    @Option(names = "--seq-len", required = true, description = "prefill: positions; decode: prompt positions")
    int seqLen;

    @Option(names = "--mode", defaultValue = "prefill", description = "prefill or decode (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--steps", defaultValue = "0", description = "decode steps")
    int steps;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--set", paramLabel = "param=value", description = "override a generator parameter")
    List<String> sets = new ArrayList<>();

    @Option(names = "--probs", defaultValue = "auto",
            description = "store probabilities: yes, no, or auto (when they take at most 64 MiB)")
    String probs;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32, F16 or BF16")
    String dtype;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<trace>")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelShape s = ModelShape.byName(shape);
        TraceMode m = TraceMode.fromFileName(mode.toLowerCase(Locale.ROOT));
        if (m == null) {
            throw InvalidInputException.of(null, "--mode", "'" + mode + "'", "prefill or decode");
        }
        TraceDType dt = TraceDType.fromFileName(dtype.toUpperCase(Locale.ROOT));
        if (dt == null) {
            throw InvalidInputException.of(null, "--dtype", "'" + dtype + "'", "F32, F16 or BF16");
        }
        SynthParams p = SynthParams.DEFAULTS.withOverrides(sets);
        long t = (long) seqLen + steps;
        long rows = m == TraceMode.PREFILL ? seqLen : steps;
        long probBytes = rows * s.queryHeads() * t * s.layers() * (dt == TraceDType.F16 ? 2 : 4);
        boolean withProbs = switch (probs) {
            case "yes" -> true;
            case "no" -> false;
            case "auto" -> probBytes <= 64L << 20;
            default -> throw InvalidInputException.of(null, "--probs", "'" + probs + "'", "yes, no or auto");
        };
        SynthSpec sp = new SynthSpec(s, m, seqLen, steps, seed, p, withProbs, dt);
        SynthTraceWriter.write(output, sp);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s: %s %s, %d positions (%d query rows per head), %d layers x %d heads"
                + " (%d KV) x D=%d, probabilities %s%n", output, s.name(), m.fileName(), sp.totalPositions(),
                sp.queryRows(), s.layers(), s.queryHeads(), s.kvHeads(), s.headDim(), withProbs ? "stored" : "not stored");
        out.println("params: " + p);
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}

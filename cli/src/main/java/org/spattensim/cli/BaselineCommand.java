package org.spattensim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.Baseline;
import org.spattensim.results.baseline.BaselineRegistry;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.baseline.cpu.CpuBaselineConfig;
import org.spattensim.results.baseline.cpu.CpuPower;
import org.spattensim.results.baseline.gpu.GpuSpecTable;
import org.spattensim.results.baseline.gpu.MeasuredGpuTimings;
import org.spattensim.trace.AttentionTraceReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spatten baseline}: latency and energy of dense attention on the CPU (measured) and GPUs (modelled or measured). */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Dense-attention latency and energy of the CPU and GPU baselines for one shape.",
                "cpu is measured on this host; gpu:<id> is measured where --gpu-csv has the shape, else modelled.",
                "Shapes: a preset (gpt2-small-decode, gpt2-small-prefill, gpt2-medium-decode, gpt2-medium-prefill,",
                "bert-base-512, bert-large-512) or <prefill|decode>:<layers>x<heads>x<headDim>:<context>[:<queries>]"
                        + "[,kv=<kvHeads>][,causal]."})
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--shape", description = "attention shape (default: gpt2-small-decode unless --trace is given)")
    String shape;

    @Option(names = "--trace", description = "take the shape from this attention trace (.safetensors)")
    Path trace;

    @Option(names = "--baselines", split = ",", description = "baselines to run (default: cpu and every gpu:<id>)")
    List<String> baselines;

    @Option(names = "--gpu-csv", description = "measured GPU timings written by tools/gpu_baseline.py")
    Path gpuCsv;

    @Option(names = "--threads", description = "CPU worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--warmup", defaultValue = "3", description = "CPU warm-up runs (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "20", description = "CPU timed runs (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--cpu-watts", description = "CPU power for the energy, with --cpu-watts-source (default: 9 W per thread, "
            + "the Xeon E5-2640 v4 TDP per core)")
    Double cpuWatts;

    @Option(names = "--cpu-watts-source", defaultValue = "given on the command line", description = "where --cpu-watts comes from")
    String cpuWattsSource;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AttentionShape s = resolveShape();
        CpuBaselineConfig cpu = (threads == null ? CpuBaselineConfig.defaults()
                : CpuBaselineConfig.withThreads(CliChecks.threads(threads, "--threads")))
                .withRuns(warmup, runs);
        if (cpuWatts != null) {
            cpu = cpu.withPower(new CpuPower(cpuWatts, cpuWattsSource));
        }
        MeasuredGpuTimings measured = gpuCsv == null ? MeasuredGpuTimings.empty() : MeasuredGpuTimings.load(gpuCsv);
        BaselineRegistry registry = BaselineRegistry.defaults(cpu, measured);
        List<String> names = baselines;
        if (names == null || names.isEmpty()) {
            names = new ArrayList<>();
            names.add("cpu");
            for (String id : GpuSpecTable.defaults().ids()) {
                names.add("gpu:" + id);
            }
        }
        List<Baseline> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(registry.get(n.trim()));
        }
        List<BaselineResult> results = new ArrayList<>();
        for (Baseline b : chosen) {
            results.add(b.evaluate(s));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(s, results));
        } else {
            out.printf(Locale.ROOT, "shape: %s, %.4g dense GFLOP%n", s.describe(), s.denseFlops() / 1e9);
            out.printf(Locale.ROOT, "%-22s %-9s %14s %12s %10s%n", "baseline", "latency", "latency_ms", "energy_J", "GFLOP/s");
            for (BaselineResult r : results) {
                out.printf(Locale.ROOT, "%-22s %-9s %14.4f %12.5g %10.2f%n", r.baseline(), r.latencyKind().name().toLowerCase(Locale.ROOT),
                        r.latencySeconds() * 1e3, r.energyJoules(), s.denseFlops() / r.latencySeconds() / 1e9);
            }
            for (BaselineResult r : results) {
                out.println(r.baseline() + ": " + r.method() + "; energy: " + r.energySource());
            }
        }
        out.flush();
        return SpattenCli.EXIT_OK;
    }

    private AttentionShape resolveShape() {
        if (shape != null && trace != null) {
            throw InvalidInputException.of("baseline", "--shape/--trace", "both given", "one of them");
        }
        if (trace != null) {
            try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
                return AttentionShape.of(r.metadata());
            }
        }
        return AttentionShape.parse(shape == null ? "gpt2-small-decode" : shape);
    }

    private static String toJson(AttentionShape s, List<BaselineResult> results) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.set("shape", m.valueToTree(s));
        root.put("dense_flops", s.denseFlops());
        ArrayNode arr = root.putArray("results");
        for (BaselineResult r : results) {
            ObjectNode o = arr.addObject();
            o.put("baseline", r.baseline());
            o.put("latency_s", r.latencySeconds());
            o.put("energy_j", r.energyJoules());
            o.put("latency_kind", r.latencyKind().name().toLowerCase(Locale.ROOT));
            o.put("gflops", s.denseFlops() / r.latencySeconds() / 1e9);
            o.put("method", r.method());
            o.put("energy_source", r.energySource());
        }
        return m.writeValueAsString(root);
    }
}

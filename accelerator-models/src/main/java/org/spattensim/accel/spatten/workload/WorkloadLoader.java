package org.spattensim.accel.spatten.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;
import java.util.List;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.functional.FunctionalResult;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.functional.TraceAttentionSource;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenCsvReader;
import org.spattensim.trace.spatten.SpattenWorkload;

/**
 * Turns what a user names on the command line into a {@link Workload} for one design point: a bundled
 * SpAtten workload name or a SpAtten workload CSV (decision-driven: kept counts, bit widths and refetch
 * flags given), or a Q/K/V attention trace (data-driven: decisions computed by the functional model).
 */
public final class WorkloadLoader {
    /** A workload with where it came from; {@code functional} is set for data-driven workloads. */
    public record Loaded(Workload workload, String name, String kind, FunctionalResult functional) {}

    private WorkloadLoader() {}

    public static Loaded load(String nameOrPath, SpattenConfig config, AblationStep step) {
        SpattenConfig c = step.apply(config);
        if (BundledSpattenWorkloads.names().contains(nameOrPath)) {
            SpattenWorkload csv = BundledSpattenWorkloads.load(nameOrPath);
            return new Loaded(DecisionDrivenProducer.from(csv, c, step), nameOrPath, "spatten-csv (bundled)", null);
        }
        Path p = Path.of(nameOrPath);
        if (Files.exists(p)) {
            org.spattensim.common.InputFiles.requireRegular(p, "a Q/K/V trace (.safetensors) or a SpAtten workload CSV");
        }
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException("trace '" + nameOrPath + "': no such file and not a bundled workload; expected a "
                    + "Q/K/V trace (.safetensors), a SpAtten workload CSV, or one of " + BundledSpattenWorkloads.names());
        }
        String name = p.getFileName().toString();
        if (name.toLowerCase().endsWith(".csv")) {
            return new Loaded(DecisionDrivenProducer.from(SpattenCsvReader.read(p), c, step), name, "spatten-csv", null);
        }
        precheckTrace(p, name, c);
        FunctionalResult f = new SpattenFunctionalModel(c).run(TraceAttentionSource.load(p));
        return new Loaded(f.workload(), name, "qkv-trace (data-driven)", f);
    }

    /**
     * Configuration keys a decision-driven (CSV) workload ignores: its kept counts, bit widths and refetch flags
     * come from the file, so the pruning schedule and the quantization widths and threshold do not apply.
     */
    static final List<String> IGNORED_BY_CSV = List.of("pruning.", "quant.keyMsbBits", "quant.keyLsbBits",
            "quant.valueBits", "quant.queryBits", "quant.requantThreshold");
    /** Keys a Q/K/V trace ignores: the functional model decides refetches from the data. */
    static final List<String> IGNORED_BY_TRACE = List.of("quant.csvRequant");

    /** True when the workload is a SpAtten workload CSV (bundled or a file): decision-driven. */
    public static boolean decisionDriven(String nameOrPath) {
        return BundledSpattenWorkloads.names().contains(nameOrPath) || nameOrPath.toLowerCase().endsWith(".csv");
    }

    /**
     * Refuses {@code --set key=value} overrides the workload kind would silently ignore, naming the key.
     *
     * @param overrides the user's {@code key=value} strings
     */
    public static void refuseIgnored(String nameOrPath, List<String> overrides) {
        boolean csv = decisionDriven(nameOrPath);
        List<String> ignored = csv ? IGNORED_BY_CSV : IGNORED_BY_TRACE;
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o.trim();
            for (String prefix : ignored) {
                if (key.equals(prefix) || prefix.endsWith(".") && key.startsWith(prefix)) {
                    throw InvalidInputException.of("--set " + o, key, csv
                                    ? "ignored by the decision-driven workload " + nameOrPath
                                    + " (kept counts, bit widths and refetch flags come from the CSV)"
                                    : "ignored by the data-driven trace " + nameOrPath
                                    + " (the functional model decides refetches from the data)",
                            csv ? "a Q/K/V trace for pruning and quantization settings, or no such --set"
                                    : "a SpAtten workload CSV for quant.csvRequant, or no such --set");
                }
            }
        }
    }

    /**
     * Refuses, from the trace's metadata alone and before any work, a trace whose K/V regions would not fit the
     * design's DRAM, with the numbers in the message (the heap check is {@code TraceAttentionSource.load}'s).
     */
    static void precheckTrace(Path p, String name, SpattenConfig c) {
        TraceMetadata m;
        try (AttentionTraceReader r = AttentionTraceReader.open(p)) {
            m = r.metadata();
        }
        if (c.memory().layout() == org.spattensim.accel.fetch.AddressLayout.REGIONS) {
            var q = c.quant();
            int maxBits = Math.max(q.denseBits(), Math.max(q.keyMsbBits() + q.keyLsbBits(), q.valueBits()));
            long need = org.spattensim.accel.fetch.FetchPlan.layoutFor(m.layers(), m.kvHeads(),
                    m.sequenceLength(), m.headDim(), maxBits, 1, c.memory().transactionBytes()).footprintBytes();
            var dram = org.spattensim.memory.dram.DramPresets.load(c.memory().dramPreset())
                    .withChannels(c.memory().channels());
            long have = dram.organization().capacityBytes();
            if (need > have) {
                throw InvalidInputException.of(name, "sequence_length", String.format(java.util.Locale.ROOT,
                        "%d positions x %d layers x %d KV heads need %.2f GiB of DRAM for keys, key LSBs and values",
                        m.sequenceLength(), m.layers(), m.kvHeads(), need / GIB), String.format(java.util.Locale.ROOT,
                        "at most the %.2f GiB of %s with %d channels (memory.dramPreset, memory.channels)", have / GIB,
                        dram.name(), c.memory().channels()));
            }
        }
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Names a user may pass instead of a path. */
    public static List<String> bundledNames() {
        return BundledSpattenWorkloads.names();
    }
}

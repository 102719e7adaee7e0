package org.spattensim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spattensim.common.InvalidInputException;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.export.TraceExporter;
import org.spattensim.memory.dram.mapping.MappingScheme;
import org.spattensim.memory.dram.traffic.DramRunResult;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spatten dram}: runs a synthetic request stream through a DRAM preset and prints what it achieved. */
@Command(name = "dram", mixinStandardHelpOptions = true,
        description = {"Run a synthetic request stream through a DRAM preset and print bandwidth, latency and row hits.",
                "One request is offered per memory cycle; prints achieved bandwidth, latency, row-buffer hit rate and "
                        + "refreshes.",
                "Presets: HBM2 (HBM2_8Gb_2Gbps), HBM2_SpAtten (HBM2_8Gb_2Gbps_SpAtten), DDR4-2400 "
                        + "(DDR4_8Gb_x8_2400), DDR4-3200 (DDR4_8Gb_x16_3200), or a YAML file."})
public final class DramCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "HBM2", description = "preset name, alias or YAML file (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--pattern", defaultValue = "sequential", description = "sequential, strided or random (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(names = "--requests", defaultValue = "200000", description = "number of requests (default: ${DEFAULT-VALUE})")
    long requests;

    @Option(names = "--channels", defaultValue = "1", description = "channels to simulate, a power of two; an HBM2 channel "
            + "holds its pseudo-channels (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--mapping", description = "address mapping: RoBaRaCoCh or RoBaRaCoBgCh (default: the preset's)")
    String mapping;

    @Option(names = "--stride", defaultValue = "2048", description = "stride in bytes for --pattern strided (default: ${DEFAULT-VALUE})")
    long stride;

    @Option(names = "--interval", defaultValue = "1", description = "offer request i no earlier than cycle i x this "
            + "(1: back to back; 1000: the idle-latency runs) (default: ${DEFAULT-VALUE})")
    long interval;

    @Option(names = "--writes", defaultValue = "0", description = "fraction of requests that are writes (default: ${DEFAULT-VALUE})")
    double writeFraction;

    @Option(names = "--seed", defaultValue = "1", description = "seed of random addresses and write choices (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--set", paramLabel = "key=value", description = "override a preset value, e.g. timing.nCL=16 (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "FILE", description = "also write the request stream to FILE")
    Path traceFile;

    @Option(names = "--trace-format", defaultValue = "ramulator2", description = "ramulator2 (LD/ST lines) or dramsim3 "
            + "(address READ|WRITE cycle) (default: ${DEFAULT-VALUE})")
    String traceFormat;

    @Option(names = "--json", description = "print exactly one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DramConfig cfg = DramPresets.load(preset, sets).value().withChannels(channels);
        if (mapping != null) {
            cfg = cfg.withMapping(parseMapping(mapping));
        }
        TraceExporter.Format format = parseFormat(traceFormat);
        if (traceFile != null) {
            CliChecks.newOutputFile(traceFile, "--trace");
        }
        if (requests > 1_000_000_000L) {
            throw InvalidInputException.of("", "--requests", "got " + requests, "at most 1e9 requests");
        }
        TrafficSpec traffic = new TrafficSpec(TrafficPattern.parse(pattern), requests, stride, TrafficSpec.GIB,
                writeFraction, seed, interval);
        DramSystem sys = new DramSystem(cfg);
        if (traceFile != null) {
            sys.enableRequestTrace();
        }
        DramRunResult r = DramTrafficRunner.run(sys, traffic);
        if (traceFile != null) {
            TraceExporter.write(sys.requestTrace(), format, traceFile);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(r.toJson());
        } else {
            out.printf(Locale.ROOT, "preset        %s (%d channel(s), %d independent, %s, %d B transactions)%n",
                    cfg.name(), cfg.organization().channels(), cfg.units(), cfg.controller().mapping(),
                    cfg.controller().transactionBytes());
            out.printf(Locale.ROOT, "pattern       %s, %d requests%n", r.pattern(), r.requests());
            out.printf(Locale.ROOT, "bandwidth     %.2f GB/s (%.1f%% of %.2f GB/s peak)%n", r.achievedGbps(),
                    100 * r.fractionOfPeak(), r.peakGbps());
            out.printf(Locale.ROOT, "latency       mean %.1f ns, p99 %.1f ns%n", r.meanLatencyNs(), r.p99LatencyNs());
            out.printf(Locale.ROOT, "row hit rate  %.3f%n", r.rowHitRate());
            out.printf(Locale.ROOT, "refreshes     %d%n", r.refreshes());
            out.printf(Locale.ROOT, "cycles        %d (tCK %.3f ns)%n", r.cycles(), cfg.organization().tCkNs());
            if (traceFile != null) {
                out.println("trace         " + traceFile + " (" + format + ")");
            }
        }
        out.flush();
        return SpattenCli.EXIT_OK;
    }

    static MappingScheme parseMapping(String s) {
        for (MappingScheme m : MappingScheme.values()) {
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw InvalidInputException.of("", "--mapping", "unknown mapping '" + s + "'",
                "one of " + Arrays.toString(MappingScheme.values()));
    }

    static TraceExporter.Format parseFormat(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ramulator2" -> TraceExporter.Format.RAMULATOR2_LOADSTORE;
            case "dramsim3" -> TraceExporter.Format.DRAMSIM3;
            default -> throw InvalidInputException.of("", "--trace-format", "unknown format '" + s + "'",
                    "ramulator2 or dramsim3");
        };
    }
}

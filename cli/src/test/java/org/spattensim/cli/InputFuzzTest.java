package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;

/**
 * Seeded fuzzing of every input format through the CLI, as a user (or an attacker) would feed them: mutated
 * safetensors traces, SpAtten workload CSVs, {@code --set} overrides, accelerator YAMLs and design-space YAMLs. Each
 * case must end with exit 0 (accepted) or 2 (refused with a message), never 1 (an internal error), within its time
 * bound. {@code -Dspatten.fuzzCases=N} runs N cases per format (default 60: a few hundred in all, seconds in CI);
 * {@code -Dspatten.fuzzSeed=S} another seed. A failing case prints its seed, format and arguments to reproduce.
 */
class InputFuzzTest {
    static final int CASES = Integer.getInteger("spatten.fuzzCases", 60);
    static final long SEED = Long.getLong("spatten.fuzzSeed", 20261206L);
    static final Duration PER_CASE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static byte[] trace;
    static List<String> csv;
    static String preset;
    static String space;

    @BeforeAll
    static void seeds() throws Exception {
        Path t = dir.resolve("seed.safetensors");
        SynthTraceWriter.write(t, new SynthSpec(ModelShape.byName("stories260k"), TraceMode.DECODE, 12, 2, 1,
                SynthParams.DEFAULTS, true, TraceDType.F32));
        trace = Files.readAllBytes(t);
        try (var in = InputFuzzTest.class.getResourceAsStream("/org/spattensim/workloads/spatten/small.csv")) {
            List<String> lines = in == null ? List.of() : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            csv = lines.isEmpty() ? List.of() : new ArrayList<>(lines.subList(0, Math.min(lines.size(), 25)));
        }
        preset = """
                extends: spatten-1/8
                name: fuzz
                compute: {qkMultipliers: 64, pvMultipliers: 64}
                topk: {parallelism: 16}
                buffers: {keyLines: 2048, valueLines: 2048}
                memory: {channels: 2}
                """;
        space = """
                name: fuzz
                model: {name: spatten-fast, base: spatten-1/8}
                parameters:
                  multipliers: {type: int, min: 64, max: 256, step: 64, keys: [compute.qkMultipliers, compute.pvMultipliers]}
                  channels: {type: choice, values: [1, 2], keys: [memory.channels]}
                objectives:
                  - {metric: seconds}
                  - {metric: energy_j}
                """;
    }

    /** Tokens that break things: huge, negative, zero, fractional, non-numbers, empty, odd characters. */
    static final String[] NASTY = {"0", "-1", "2147483647", "-2147483648", "9223372036854775807", "1e308", "-1e-308",
        "NaN", "Infinity", "0.5", "abc", "", " ", "\"", "[1, 2]", "{a: 1}", "true", "null", "1.5e3", "\u0000", "../x",
        "99999999999999999999"};

    static String nasty(SplittableRandom r) {
        return NASTY[r.nextInt(NASTY.length)];
    }

    @TestFactory
    Stream<DynamicTest> mutatedTraces() {
        return cases("trace", r -> {
            byte[] b = trace.clone();
            int kind = r.nextInt(4);
            if (kind == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));            // truncated anywhere
            } else if (kind == 1) {
                int header = Math.min(b.length, 8 + r.nextInt(1200));             // a byte of the length or JSON
                b[r.nextInt(header)] = (byte) r.nextInt(256);
            } else {
                for (int i = 0; i < 1 + r.nextInt(8); i++) {                        // bytes of the tensors
                    b[8 + r.nextInt(b.length - 8)] = (byte) r.nextInt(256);
                }
            }
            Path p = write("t" + r.nextLong() + ".safetensors", b);
            String cmd = switch (r.nextInt(3)) {
                case 0 -> "trace-stats";
                case 1 -> "simulate";
                default -> "workload";
            };
            return cmd.equals("simulate") ? new String[] {"simulate", "--model", r.nextBoolean() ? "spatten-1/8" : "a3",
                "--trace", p.toString()} : new String[] {cmd, p.toString()};
        });
    }

    @TestFactory
    Stream<DynamicTest> mutatedCsvs() {
        return cases("csv", r -> {
            List<String> lines = new ArrayList<>(csv);
            int kind = r.nextInt(3);
            if (kind == 0 && lines.size() > 1) {
                int row = 1 + r.nextInt(lines.size() - 1);
                String[] f = lines.get(row).split(",", -1);
                f[r.nextInt(f.length)] = nasty(r);
                lines.set(row, String.join(",", f));
            } else if (kind == 1) {
                String all = String.join("\n", lines);
                lines = List.of(all.substring(0, r.nextInt(Math.max(1, all.length()))));
            } else {
                int row = r.nextInt(lines.size());
                lines.add(row, lines.get(Math.max(0, row - 1)));                   // a duplicated row
            }
            Path p = write("w" + r.nextLong() + ".csv", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return r.nextBoolean() ? new String[] {"import-spatten", p.toString()}
                    : new String[] {"simulate", "--model", "spatten-1/8", "--trace", p.toString()};
        });
    }

    /** Keys of every section of the SpAtten parameters, plus a few that do not exist. */
    static final String[] KEYS = {"compute.qkMultipliers", "compute.pvMultipliers", "compute.clockGhz",
        "compute.headDim", "topk.parallelism", "topk.zeroEliminatorWidth", "buffers.keyLines", "buffers.valueLines",
        "buffers.lineElements", "buffers.elementBits", "memory.channels", "memory.dramPreset", "memory.transactionBytes",
        "memory.fetcherChannels", "memory.maxPendingPerChannel", "latency.qkReduce", "latency.fetchRequest",
        "quant.csvRequant", "name", "nosuch.key", "compute", "memory.channels.extra"};

    @TestFactory
    Stream<DynamicTest> overrides() {
        return cases("set", r -> new String[] {"simulate", "--model", "spatten-1/8", "--trace", "small", "--set",
            KEYS[r.nextInt(KEYS.length)] + "=" + nasty(r)});
    }

    /** KV-policy keys with nasty values, on the seed decode trace (a Q/K/V trace: the keys apply there). */
    static final String[] KV_KEYS = {"pruning.policy", "pruning.kv.budget", "pruning.kv.budgetFraction",
        "pruning.kv.sinkTokens", "pruning.kv.recentShare", "pruning.kv.pageSize", "pruning.kv.denseLayers",
        "pruning.kv.promptQueries", "pruning.kv.nosuch"};
    static final String[] POLICIES = {"cascade", "streaming-llm", "spatten-llm", "h2o", "quest", "lru", ""};

    @TestFactory
    Stream<DynamicTest> kvPolicyOverrides() {
        return cases("kv", r -> {
            Path p = write("kv" + r.nextLong() + ".safetensors", trace);
            String value = r.nextBoolean() ? nasty(r) : String.valueOf(r.nextInt(40));
            return new String[] {"simulate", "--model", "spatten-1/8", "--trace", p.toString(), "--set",
                "pruning.policy=" + POLICIES[r.nextInt(POLICIES.length)], "--set",
                KV_KEYS[1 + r.nextInt(KV_KEYS.length - 1)] + "=" + value};
        });
    }

    @TestFactory
    Stream<DynamicTest> mutatedPresetsAndSpaces() {
        return cases("yaml", r -> {
            boolean isSpace = r.nextBoolean();
            String text = mutateYaml(isSpace ? space : preset, r);
            Path p = write("y" + r.nextLong() + ".yaml", text.getBytes(StandardCharsets.UTF_8));
            return isSpace ? new String[] {"explore", "--space", p.toString(), "--trace", "small", "--budget", "2",
                "--search", "random", "--no-plots", "--plain", "-o", dir.resolve("e" + r.nextLong()).toString()}
                    : new String[] {"simulate", "--model", p.toString(), "--trace", "small"};
        });
    }

    static String mutateYaml(String text, SplittableRandom r) {
        String[] lines = text.split("\n");
        int i = r.nextInt(lines.length);
        switch (r.nextInt(4)) {
            case 0 -> lines[i] = lines[i].replaceAll("\\d+", nasty(r));            // a number replaced
            case 1 -> lines[i] = lines[i].substring(0, r.nextInt(lines[i].length() + 1)); // a line cut
            case 2 -> lines[i] = "  ".repeat(r.nextInt(4)) + lines[i];              // indentation broken
            default -> lines[i] = lines[i] + " " + nasty(r);                        // trailing junk
        }
        return String.join("\n", lines) + "\n";
    }

    interface Case {
        String[] args(SplittableRandom r) throws Exception;
    }

    private Stream<DynamicTest> cases(String format, Case gen) {
        SplittableRandom root = new SplittableRandom(SEED ^ format.hashCode());
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long seed = root.nextLong();
            int n = i;
            out.add(DynamicTest.dynamicTest(format + " #" + n, () -> {
                String[] args = gen.args(new SplittableRandom(seed));
                StringWriter o = new StringWriter();
                StringWriter e = new StringWriter();
                int rc = assertTimeoutPreemptively(PER_CASE, () -> SpattenCliTest.run(o, e, args),
                        () -> "hung: seed " + seed + " " + String.join(" ", args));
                assertTrue(rc == 0 || rc == 2, () -> "exit " + rc + " (format " + format + ", seed " + seed + "): "
                        + String.join(" ", args) + "\n" + e);
                if (rc == 2) {
                    assertTrue(e.toString().startsWith("error: ") || e.toString().contains("\nerror: ")
                            || e.toString().contains("Usage:") || e.toString().contains("Invalid value"),
                            () -> "a refusal says why: " + e);
                }
            }));
        }
        return out.stream();
    }

    private static Path write(String name, byte[] b) {
        try {
            return Files.write(dir.resolve(name), b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.spattensim.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/**
 * How the cycle-level replay's cost grows with the context: a GPT-2-small decode workload at 1k..32k tokens, built
 * from SpAtten's released GPT-2 decisions (its first two generated steps, every layer and head) with the context,
 * the fetched keys and the fetched values scaled to the context (bit widths and refetch flags as released), replayed
 * on full SpAtten. Divide the time per operation by the transactions the setup prints to get ns per DRAM
 * transaction; docs/spatten-timing.md has the measured slope. A decision workload rather than a Q/K/V trace: a
 * 32k-token GPT-2 trace holds 1.2 GB of keys and values, and the timing model reads only the decisions.
 * {@code java -jar bench/target/benchmarks.jar ContextScaling -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
public class ContextScalingBenchmark {
    /** Released context of the GPT-2 workload (992-token prompt + the token being generated). */
    static final int RELEASED_CONTEXT = 993;

    @Param({"1024", "2048", "4096", "8192", "16384", "32768"})
    public int context;

    /** Full SpAtten: its 16 HBM2 channels hold a 32k-token GPT-2 context (SpAtten-1/8's two hold up to 4k). */
    @Param({"spatten"})
    public String preset;

    private SpattenTimingModel model;
    private Workload workload;

    @Setup
    public void setup() throws IOException {
        SpattenConfig c = SpattenPresets.load(preset);
        Path csv = Files.createTempFile("gpt2-decode-" + context + "-", ".csv");
        csv.toFile().deleteOnExit();
        Files.writeString(csv, scaled(context, 2));
        model = new SpattenTimingModel(c);
        workload = WorkloadLoader.load(csv.toString(), c, AblationStep.PROGRESSIVE_QUANTIZATION).workload();
        SpattenRun r = model.run(workload);
        System.err.printf(Locale.ROOT, "%ncontext %d on %s: %d DRAM transactions, %d cycles, %d tasks%n", context,
                preset, r.dramTransactions(), r.totalCycles(), workload.size());
    }

    @Benchmark
    public long replay() {
        return model.run(workload).totalCycles();
    }

    /** The released GPT-2 CSV's first {@code steps} iterations with L, key_fetch_num and value_fetch_num scaled. */
    static String scaled(int context, int steps) throws IOException {
        String res = BundledSpattenWorkloads.RESOURCE_DIR + "summary-gpt2-small-wikitext2-per8.csv";
        String text;
        try (InputStream in = BundledSpattenWorkloads.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("bundled workload missing: " + res);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n");
        String[] header = lines[0].trim().split(",");
        int it = indexOf(header, "iteration_id");
        int len = indexOf(header, "sentence_length_L");
        int keys = indexOf(header, "key_fetch_num");
        int values = indexOf(header, "value_fetch_num");
        StringBuilder sb = new StringBuilder(lines[0].trim()).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split(",");
            if (f.length < header.length || Integer.parseInt(f[it]) >= steps) {
                continue;
            }
            int l = Integer.parseInt(f[len]);
            int newLen = context + (l - RELEASED_CONTEXT);
            f[len] = Integer.toString(newLen);
            f[keys] = Integer.toString(scale(Integer.parseInt(f[keys]), l, newLen));
            f[values] = Integer.toString(scale(Integer.parseInt(f[values]), l, newLen));
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    private static int scale(int n, int from, int to) {
        return (int) Math.max(1, Math.min(to, Math.round((double) n * to / from)));
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("column " + name + " missing from the released CSV");
    }
}

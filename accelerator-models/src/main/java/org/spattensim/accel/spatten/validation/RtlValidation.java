package org.spattensim.accel.spatten.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.traffic.DramRunResult;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

/**
 * Replays every reference case of {@link RtlReference} and compares ({@code ./spatten validate}; run by
 * {@code mvn verify} with the tolerances below):
 * <ul>
 *   <li>the pruned GPT-2-small run at SpAtten-1/8: the cumulative cycle each generated step's last head finished
 *       and each step's increment (accepted: total within ±3%, every increment within ±8%, the goals);</li>
 *   <li>iteration 0 alone (accepted: within the three seeds' range widened by 2%);</li>
 *   <li>{@code small.csv} (accepted: within the five seeds' range widened by 2%);</li>
 *   <li>the {@code HBM2_SpAtten} DRAM preset on Ramulator 2.0's five streams (accepted: bandwidth within 3%,
 *       idle latency within 2 cycles).</li>
 * </ul>
 * The accelerator cases run {@code spatten-1/8} as the release's testbench drives it: {@link #REPLAY_OVERRIDES}
 * (the testbench's address layout and its data-dependent refetch decision; docs/spatten-timing.md).
 */
public final class RtlValidation {
    public static final String PRESET = SpattenPresets.EIGHTH;
    public static final List<String> REPLAY_OVERRIDES = List.of("memory.layout=RELEASE_TESTBENCH",
            "quant.csvRequant=RELEASE_TESTBENCH");
    public static final String GPT2 = "gpt2-small-wikitext2";
    public static final String SMALL = "small";
    static final double TOTAL_TOLERANCE = 0.03;
    static final double STEP_TOLERANCE = 0.08;
    static final double SEED_RANGE_MARGIN = 0.02;
    static final double DRAM_BANDWIDTH_TOLERANCE = 0.03;
    /** Our choice, as for bandwidth: mean read latency under load within 3% of Ramulator 2.0's. */
    static final double DRAM_LOADED_LATENCY_TOLERANCE = 0.03;
    static final double IDLE_LATENCY_TOLERANCE = 2;
    static final String DRAM_PRESET = "HBM2_SpAtten";

    private RtlValidation() {
    }

    /** The configuration the accelerator cases run. */
    public static SpattenConfig config() {
        return SpattenPresets.load(PRESET, REPLAY_OVERRIDES);
    }

    /** Runs every case; {@code progress} hears each finished case (1..{@link #CASES}). */
    public static ValidationReport run(IntConsumer progress) {
        RtlReference ref = RtlReference.load();
        SpattenConfig cfg = config();
        List<ValidationRow> rows = new ArrayList<>();
        List<StepPoint> steps = gpt2Steps(cfg, ref, rows);
        progress.accept(1);
        iteration0(cfg, ref, rows);
        progress.accept(2);
        small(cfg, ref, rows);
        progress.accept(3);
        dram(ref, rows);
        progress.accept(4);
        return new ValidationReport(PRESET + " " + String.join(" ", REPLAY_OVERRIDES), rows, steps);
    }

    /** Cases {@link #run} reports progress for. */
    public static final int CASES = 4;

    private static Workload load(String name, SpattenConfig cfg) {
        return WorkloadLoader.load(name, cfg, AblationStep.PROGRESSIVE_QUANTIZATION).workload();
    }

    private static List<StepPoint> gpt2Steps(SpattenConfig cfg, RtlReference ref, List<ValidationRow> rows) {
        SpattenRun run = new SpattenTimingModel(cfg).run(load(GPT2, cfg));
        long[] refCum = ref.cumulativeByStep();
        List<StepPoint> steps = new ArrayList<>();
        long prevOurs = 0;
        long prevRef = 0;
        for (int i = 0; i < refCum.length; i++) {
            long ours = run.stats().counterValue("step." + i + ".finish_cycle");
            StepPoint p = new StepPoint(i, ours, refCum[i], ours - prevOurs, refCum[i] - prevRef);
            steps.add(p);
            rows.add(band(GPT2, "step." + i + ".increment_cycles", p.oursIncrement(), p.referenceIncrement(),
                    STEP_TOLERANCE, "±8% of the RTL's increment"));
            prevOurs = ours;
            prevRef = refCum[i];
        }
        rows.add(band(GPT2, "total_cycles", run.totalCycles(), refCum[refCum.length - 1], TOTAL_TOLERANCE,
                "±3% of the RTL"));
        return steps;
    }

    private static void iteration0(SpattenConfig cfg, RtlReference ref, List<ValidationRow> rows) {
        Workload all = load(GPT2, cfg);
        Workload.Builder b = new Workload.Builder(all.source() + " [iteration 0]", all.layers(), all.heads(),
                all.headDim(), false);
        for (int j = 0; j < all.size() && all.step(j) == 0; j++) {
            b.add(all.task(j));
        }
        SpattenRun run = new SpattenTimingModel(cfg).run(b.build());
        rows.add(seedRange(GPT2 + " iteration 0 alone", run.totalCycles(), ref.iteration0BySeed().values()));
    }

    private static void small(SpattenConfig cfg, RtlReference ref, List<ValidationRow> rows) {
        SpattenRun run = new SpattenTimingModel(cfg).run(load(SMALL, cfg));
        rows.add(seedRange(SMALL, run.totalCycles(), ref.smallBySeed().values()));
    }

    private static void dram(RtlReference ref, List<ValidationRow> rows) {
        DramConfig c = DramPresets.load(DRAM_PRESET).withChannels(1);
        for (RtlReference.DramStream s : ref.dramStreams()) {
            TrafficPattern pattern = s.name().contains("random") ? TrafficPattern.RANDOM
                    : s.name().contains("strided") ? TrafficPattern.STRIDED : TrafficPattern.SEQUENTIAL;
            TrafficSpec spec = TrafficSpec.reads(pattern, s.reads()).withStride(2048);
            if (s.idle()) {
                spec = spec.withInterval(1000);
            }
            DramRunResult r = DramTrafficRunner.run(new DramSystem(c), spec);
            String name = "dram:" + s.name();
            if (s.idle()) {
                double lat = r.meanLatencyNs() / c.organization().tCkNs();
                rows.add(new ValidationRow(name, "mean_read_latency", "cycles", lat, s.meanLatency(),
                        s.meanLatency() - IDLE_LATENCY_TOLERANCE, s.meanLatency() + IDLE_LATENCY_TOLERANCE,
                        "±2 cycles"));
            } else {
                rows.add(band(name, "bandwidth_percent_of_peak", 100 * r.fractionOfPeak(), s.percentPeak(),
                        DRAM_BANDWIDTH_TOLERANCE, "±3% of Ramulator 2.0"));
                // Checked since the buffers hold one request more than their size, as Ramulator 2.0's do (see
                // Ramulator2Controller.heldBy); before that our loaded latency was one service interval short.
                rows.add(band(name, "mean_read_latency_under_load", r.meanLatencyNs() / c.organization().tCkNs(),
                        s.meanLatency(), DRAM_LOADED_LATENCY_TOLERANCE, "±3% of Ramulator 2.0"));
            }
        }
    }

    private static ValidationRow band(String caseName, String metric, double ours, double ref, double tol,
                                      String tolerance) {
        String unit = metric.contains("percent") ? "%" : "cycles";
        return new ValidationRow(caseName, metric, unit, ours, ref, ref * (1 - tol), ref * (1 + tol), tolerance);
    }

    private static ValidationRow seedRange(String caseName, double ours, java.util.Collection<Long> seeds) {
        long lo = Collections.min(seeds);
        long hi = Collections.max(seeds);
        // The reference is the seed closest to ours: the error then says how far outside the seeds' spread we are.
        long nearest = seeds.stream().min(java.util.Comparator.comparingDouble(v -> Math.abs(v - ours))).orElseThrow();
        return new ValidationRow(caseName, "total_cycles", "cycles", ours, nearest,
                lo * (1 - SEED_RANGE_MARGIN), hi * (1 + SEED_RANGE_MARGIN),
                String.format(Locale.ROOT, "seeds' range %d..%d widened by 2%%", lo, hi));
    }
}

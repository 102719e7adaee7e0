package org.spattensim.trace.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;
import org.spattensim.trace.stats.HeadStats;
import org.spattensim.trace.stats.HeadStatsAccumulator;
import org.spattensim.trace.stats.StatsOptions;
import org.spattensim.trace.stats.TraceStats;
import org.spattensim.trace.stats.TraceStatsCalculator;

/**
 * The generator can be fitted to a real trace's statistics: fit on some seeds, then check held-out
 * seeds against the real statistics within stated tolerances.
 */
class SynthFitterTest {
    /** Tolerances (absolute) per statistic of the summary: means over all 40 heads of stories260K. */
    static final Map<String, Double> TOLERANCE = Map.of("normalizedEntropy", 0.05, "normalizedEntropySpread", 0.05,
            "maxProb", 0.05, "topMass", 0.05, "sinkMass", 0.04, "localMass", 0.06);

    @TempDir
    Path dir;

    /** Real: the golden float64 probabilities of stories260K at position 15 (bundled model folder). */
    @Test
    void fitsTheGoldenStories260kRowsAtPosition15() throws Exception {
        JsonNode att;
        try (InputStream in = getClass().getResourceAsStream(
                "/org/spattensim/models/stories260K/golden_greedy_attention.json")) {
            att = new ObjectMapper().readTree(in).get("attention_at_pos15");
        }
        List<HeadStats> heads = new ArrayList<>();
        for (int l = 0; l < att.size(); l++) {
            for (int h = 0; h < att.get(l).size(); h++) {
                JsonNode r = att.get(l).get(h);
                float[] p = new float[r.size()];
                for (int j = 0; j < p.length; j++) {
                    p[j] = (float) r.get(j).asDouble();
                }
                HeadStatsAccumulator a = new HeadStatsAccumulator(l, h, StatsOptions.DEFAULT);
                a.add(p, 0, 16, 15);
                heads.add(a.result());
            }
        }
        TraceStats real = new TraceStats("golden pos 15", true, StatsOptions.DEFAULT, heads);
        check("golden", real.summary(), 16, new int[] {15});
    }

    /** Real: a greedy decode of stories260K recorded by our recorder (rows at positions 5..52). */
    @Test
    void fitsARecordedStories260kDecodeTrace() {
        DecodeRecorder rec = new DecodeRecorder(RecorderModel.loadDefault());
        Generation g = rec.generate("Once upon a time", 48, TokenSampler.greedy());
        Path trace = dir.resolve("real.safetensors");
        var meta = rec.writeDecodeTrace(g, trace, TraceDType.F32);
        TraceStats real = TraceStatsCalculator.compute(trace, StatsOptions.DEFAULT);
        // Every fourth decode row keeps the fit fast; the real statistics use every row.
        int[] positions = new int[meta.queryRows() / 4];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = meta.queryPosition(4 * i + 3);
        }
        check("recorded", real.summary(), meta.sequenceLength(), positions);
    }

    private static void check(String what, TraceStats.Summary real, int length, int[] positions) {
        SynthParams start = SynthParams.DEFAULTS.withOverrides(List.of("heavyHitters=1"));
        SynthFitter fit = new SynthFitter(ModelShape.STORIES260K, length, positions, new long[] {1, 2, 3},
                StatsOptions.DEFAULT);
        SynthParams p = fit.fit(real, start, 300);
        TraceStats.Summary held = new SynthFitter(ModelShape.STORIES260K, length, positions,
                new long[] {101, 102, 103, 104}, StatsOptions.DEFAULT).measure(p).summary();
        StringBuilder sb = new StringBuilder(what + ": fitted " + p + "\n");
        boolean ok = true;
        for (var e : real.asMap().entrySet()) {
            double s = held.asMap().get(e.getKey());
            double tol = TOLERANCE.get(e.getKey());
            boolean in = Math.abs(s - e.getValue()) <= tol;
            ok &= in;
            sb.append(String.format(Locale.ROOT, "  %-24s real %.3f synthetic %.3f (tolerance %.2f)%s%n", e.getKey(),
                    e.getValue(), s, tol, in ? "" : "  OUT"));
        }
        System.out.print(sb);
        assertTrue(ok, sb.toString());
    }
}

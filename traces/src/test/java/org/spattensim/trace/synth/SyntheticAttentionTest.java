package org.spattensim.trace.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.stats.HeadStats;
import org.spattensim.trace.stats.StatsOptions;
import org.spattensim.trace.stats.TraceStats;
import org.spattensim.trace.stats.TraceStatsCalculator;

class SyntheticAttentionTest {
    @TempDir
    Path dir;

    static SynthParams only(double sink, double hh, double local, double noise) {
        return new SynthParams(1, sink, 2, hh, 4, local, 0, noise, 1, 1, 0, 1);
    }

    static TraceStats stats(ModelShape shape, SynthParams p, int t, long... seeds) {
        int[] positions = new int[t / 2];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = t / 2 + i;
        }
        return new SynthFitter(shape, t, positions, seeds, StatsOptions.DEFAULT).measure(p);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        SynthSpec spec = new SynthSpec(ModelShape.GPT2_SMALL, TraceMode.DECODE, 40, 3, 7, SynthParams.DEFAULTS, true,
                TraceDType.F32);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path c = dir.resolve("c.safetensors");
        SynthTraceWriter.write(a, spec);
        SynthTraceWriter.write(b, spec);
        SynthTraceWriter.write(c, new SynthSpec(ModelShape.GPT2_SMALL, TraceMode.DECODE, 40, 3, 8,
                SynthParams.DEFAULTS, true, TraceDType.F32));
        assertEquals(-1, Files.mismatch(a, b));
        assertNotEquals(-1, Files.mismatch(a, c));
        try (AttentionTraceReader r = AttentionTraceReader.open(a)) {
            assertEquals(43, r.metadata().sequenceLength());
            assertEquals(3, r.metadata().queryRows());
            float[] row = new float[43];
            r.readProbabilityRow(11, 2, 5, row, 0);
            double sum = 0;
            for (float x : row) {
                sum += x;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void statsFromStoredProbabilitiesEqualStatsFromQk() {
        Path with = dir.resolve("p.safetensors");
        Path without = dir.resolve("q.safetensors");
        SynthTraceWriter.write(with, new SynthSpec(ModelShape.STORIES260K, TraceMode.PREFILL, 24, 0, 3,
                SynthParams.DEFAULTS, true, TraceDType.F32));
        SynthTraceWriter.write(without, new SynthSpec(ModelShape.STORIES260K, TraceMode.PREFILL, 24, 0, 3,
                SynthParams.DEFAULTS, false, TraceDType.F32));
        TraceStats a = TraceStatsCalculator.compute(with, StatsOptions.DEFAULT);
        TraceStats b = TraceStatsCalculator.compute(without, StatsOptions.DEFAULT);
        assertTrue(a.fromProbabilities());
        assertEquals(false, b.fromProbabilities());
        assertEquals(40, a.heads().size());
        for (int i = 0; i < a.heads().size(); i++) {
            assertEquals(a.heads().get(i).entropy(), b.heads().get(i).entropy(), 1e-6);
            assertEquals(a.heads().get(i).localMass(), b.heads().get(i).localMass(), 1e-6);
        }
    }

    @Test
    void flatScoresGiveUniformRowsAndSinkGivesTheClosedForm() {
        ModelShape s = ModelShape.GPT2_SMALL;
        TraceStats flat = stats(s, only(0, 0, 0, 0), 32, 1);
        for (HeadStats h : flat.heads()) {
            assertEquals(1.0, h.normalizedEntropy(), 1e-6);
        }
        // Only a sink of strength a at temperature 1: p(sink) = e^a / (e^a + n - 1).
        SyntheticAttention g = new SyntheticAttention(s, only(3, 0, 0, 0), 1, 32);
        SyntheticAttention.Layer layer = g.layer(0);
        float[] row = new float[32];
        g.probabilities(layer, 4, 20, row, new double[32]);
        assertEquals(Math.exp(3) / (Math.exp(3) + 20), row[0], 1e-6);
    }

    @Test
    void eachPropertyFollowsItsParameter() {
        ModelShape s = ModelShape.GPT2_SMALL;
        TraceStats.Summary base = stats(s, only(0, 0, 0, 1.5), 64, 1, 2).summary();
        TraceStats.Summary sink = stats(s, only(4, 0, 0, 1.5), 64, 1, 2).summary();
        TraceStats.Summary local = stats(s, only(0, 0, 4, 1.5), 64, 1, 2).summary();
        TraceStats.Summary noisy = stats(s, only(0, 0, 0, 3), 64, 1, 2).summary();
        assertTrue(sink.sinkMass() > base.sinkMass() + 0.3, sink + " vs " + base);
        assertTrue(local.localMass() > base.localMass() + 0.3, local + " vs " + base);
        assertTrue(noisy.maxProb() > base.maxProb() + 0.1, noisy + " vs " + base); // heavier tail
        assertTrue(noisy.topMass() > base.topMass() + 0.1, noisy + " vs " + base);
        // Heads differ only when the temperatures or jitter spread them.
        assertTrue(base.normalizedEntropySpread() < 0.03, base.toString());
        SynthParams spread = new SynthParams(1, 2, 2, 1, 4, 2, 0, 1.5, 0.3, 3, 0.5, 1);
        assertTrue(stats(s, spread, 64, 1, 2).summary().normalizedEntropySpread() > 0.1);
        // Heavy-hitter keys draw more mass than the other non-sink keys.
        SyntheticAttention g = new SyntheticAttention(s, only(0, 4, 0, 1), 5, 64);
        SyntheticAttention.Layer layer = g.layer(3);
        float[] row = new float[64];
        double hh = 0;
        double other = 0;
        int nh = 0;
        for (int h = 0; h < s.queryHeads(); h++) {
            g.probabilities(layer, h, 63, row, new double[64]);
            for (int j = 1; j < 64; j++) {
                if (g.isHeavyHitter(j)) {
                    hh += row[j];
                    nh++;
                } else {
                    other += row[j];
                }
            }
        }
        assertEquals(2 * s.queryHeads(), nh);
        assertTrue(hh / nh > 10 * other / (63 * s.queryHeads() - nh), hh + " " + other);
    }

    @Test
    void groupedQueryHeadsShareTheirKvHead() {
        ModelShape s = ModelShape.LLAMA3_8B;
        SyntheticAttention g = new SyntheticAttention(s, SynthParams.DEFAULTS, 1, 4);
        SyntheticAttention.Layer layer = g.layer(0);
        assertEquals(4 * 32 * 128, layer.q().length);
        assertEquals(4 * 8 * 128, layer.k().length);
        assertEquals(8, g.localFrequencies());
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(InvalidInputException.class, () -> new SynthSpec(ModelShape.BERT_BASE, TraceMode.DECODE, 8, 2, 1,
                SynthParams.DEFAULTS, true, TraceDType.F32));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SynthParams.DEFAULTS.withOverrides(List.of("noSuchKnob=3")));
        assertTrue(e.getMessage().contains("noSuchKnob"), e.getMessage());
        assertEquals(5.0, SynthParams.DEFAULTS.withOverrides(List.of("sinkStrength=5")).sinkStrength());
        assertThrows(InvalidInputException.class, () -> SynthParams.DEFAULTS.withOverrides(List.of("noiseStd=-1")));
        assertThrows(InvalidInputException.class, () -> ModelShape.byName("gpt5"));
        assertThrows(InvalidInputException.class, () -> new SyntheticAttention(ModelShape.STORIES260K,
                SynthParams.DEFAULTS.withOverrides(List.of("localFrequencies=3")), 1, 8));
    }
}

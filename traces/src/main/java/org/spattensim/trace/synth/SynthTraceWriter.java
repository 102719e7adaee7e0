package org.spattensim.trace.synth;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spattensim.trace.AttentionTraceWriter;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.stats.TraceStatsCalculator;

/** Writes a synthetic trace with the attention trace API (docs/trace-format.md), one layer at a time. */
public final class SynthTraceWriter {
    private SynthTraceWriter() {
    }

    /** The metadata of the trace {@code spec} describes (source and extras record every parameter). */
    public static TraceMetadata metadata(SynthSpec spec) {
        ModelShape s = spec.shape();
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put(TraceStatsCalculator.ATTENTION_EXTRA, s.causal() ? "causal" : TraceStatsCalculator.BIDIRECTIONAL);
        extras.put("synth.shape", s.name());
        extras.put("synth.shape_source", s.source());
        extras.put("synth.seed", Long.toString(spec.seed()));
        SynthParams p = spec.params();
        extras.put("synth.params", p.toString());
        TraceMetadata.Builder b = TraceMetadata.builder().model("synthetic-" + s.name())
                .shape(s.layers(), s.queryHeads(), s.kvHeads(), s.headDim()).dtype(spec.dtype())
                .probabilities(spec.probabilities()).extras(extras)
                .source(String.format(Locale.ROOT, "spatten-sim synth generator (org.spattensim.trace.synth), shape %s,"
                        + " seed %d", s.name(), spec.seed()));
        if (spec.mode() == TraceMode.PREFILL) {
            b.prefill(spec.sequenceLength());
        } else {
            b.decode(spec.sequenceLength(), spec.steps());
        }
        return b.build();
    }

    /** Generates and writes the trace; the file appears complete or not at all. */
    public static void write(Path path, SynthSpec spec) {
        TraceMetadata meta = metadata(spec);
        SyntheticAttention gen = new SyntheticAttention(spec.shape(), spec.params(), spec.seed(), spec.totalPositions());
        AttentionTraceWriter w = AttentionTraceWriter.open(path, meta);
        boolean ok = false;
        try {
            int t = spec.totalPositions();
            float[] row = new float[t];
            double[] scratch = new double[t];
            for (int l = 0; l < spec.shape().layers(); l++) {
                SyntheticAttention.Layer layer = gen.layer(l);
                w.writeQ(l, layer.q());
                w.writeK(l, layer.k());
                w.writeV(l, layer.v());
                if (spec.probabilities()) {
                    for (int r = 0; r < spec.queryRows(); r++) {
                        int pos = spec.queryPosition(r);
                        for (int h = 0; h < spec.shape().queryHeads(); h++) {
                            gen.probabilities(layer, h, pos, row, scratch);
                            w.writeProbabilityRow(l, row, 0, gen.keysFor(pos));
                        }
                    }
                }
            }
            ok = true;
        } finally {
            if (ok) {
                w.close();
            } else {
                w.abort();
            }
        }
    }
}

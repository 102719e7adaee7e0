package org.spattensim.accel.spatten.functional;

import java.nio.file.Path;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;

/** Loads a recorded attention trace (org.spattensim.trace, docs/trace-format.md) as an {@link AttentionSource}. */
public final class TraceAttentionSource {
    private TraceAttentionSource() {}

    /** Reads every layer's Q, K and V into memory; the trace must hold Q/K/V. */
    public static InMemoryAttentionSource load(Path trace) {
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            TraceMetadata m = r.metadata();
            if (!m.hasQkv()) {
                throw InvalidInputException.of(trace.toString(), "layer.{l}.q/k/v", "not recorded",
                        "a trace recorded with Q/K/V (the data-driven SpAtten model computes from them)");
            }
            int layers = m.layers();
            float[][] q = new float[layers][];
            float[][] k = new float[layers][];
            float[][] v = new float[layers][];
            for (int l = 0; l < layers; l++) {
                q[l] = r.readQ(l);
                k[l] = r.readK(l);
                v[l] = r.readV(l);
            }
            boolean decode = m.mode() == TraceMode.DECODE;
            boolean bidirectional = !decode && org.spattensim.trace.stats.TraceStatsCalculator.BIDIRECTIONAL.equals(
                    m.extras().get(org.spattensim.trace.stats.TraceStatsCalculator.ATTENTION_EXTRA));
            return new InMemoryAttentionSource(trace.getFileName() + " (" + m.modelName() + ", " + m.mode().fileName()
                    + (bidirectional ? ", bidirectional" : "") + ")", m.queryHeads(), m.kvHeads(), m.headDim(),
                    m.sequenceLength(), decode ? m.promptLength() : m.sequenceLength(), decode, bidirectional, q, k, v);
        }
    }
}

package org.spattensim.accel.spatten.functional;

import java.nio.file.Path;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;

/** Loads a recorded attention trace (org.spattensim.trace, docs/trace-format.md) as an {@link AttentionSource}. */
public final class TraceAttentionSource {
    /** Share of the JVM's maximum heap a trace's Q/K/V may take (the functional model's own arrays need the rest). */
    static final double HEAP_SHARE = 0.6;

    private TraceAttentionSource() {}

    /**
     * Refuses, from the metadata and before reading any tensor, a trace whose Q/K/V (held as floats for every
     * layer) would not fit the heap, with the numbers, instead of running out of memory halfway.
     */
    static void requireHeap(String file, TraceMetadata m) {
        long floats = (long) m.layers() * m.sequenceLength() * (m.queryHeads() + 2L * m.kvHeads()) * m.headDim();
        long heap = Runtime.getRuntime().maxMemory();
        if (floats * 4 > heap * HEAP_SHARE) {
            double gib = 1024.0 * 1024 * 1024;
            throw InvalidInputException.of(file, "layer.{l}.q/k/v", String.format(java.util.Locale.ROOT,
                    "%d layers x %d positions x (%d + 2 x %d heads) x D %d floats need %.2f GiB of heap",
                    m.layers(), m.sequenceLength(), m.queryHeads(), m.kvHeads(), m.headDim(), floats * 4 / gib),
                    String.format(java.util.Locale.ROOT, "at most %.0f%% of the JVM's maximum heap %.2f GiB; raise it "
                            + "(SPATTEN_JAVA_OPTS=-Xmx...) or use a shorter trace (the model does not stream yet)",
                            HEAP_SHARE * 100, heap / gib));
        }
    }

    /** Reads every layer's Q, K and V into memory; the trace must hold Q/K/V. */
    public static InMemoryAttentionSource load(Path trace) {
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            TraceMetadata m = r.metadata();
            if (!m.hasQkv()) {
                throw InvalidInputException.of(trace.toString(), "layer.{l}.q/k/v", "not recorded",
                        "a trace recorded with Q/K/V (the data-driven SpAtten model computes from them)");
            }
            requireHeap(trace.toString(), m);
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

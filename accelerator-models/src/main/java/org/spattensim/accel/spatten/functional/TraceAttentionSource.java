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

    /** Floats of every layer's Q, K and V. */
    static long wholeFloats(TraceMetadata m) {
        return (long) m.layers() * m.sequenceLength() * (m.queryHeads() + 2L * m.kvHeads()) * m.headDim();
    }

    /**
     * Floats the functional model holds for one layer of a streamed trace: K and V (it quantizes each element
     * where it is used), plus the Q rows of one step (a decode step) or of the whole sequence (prefill).
     */
    static long layerFloats(TraceMetadata m) {
        long kv = (long) m.sequenceLength() * m.kvHeads() * m.headDim();
        long qRows = m.mode() == TraceMode.DECODE ? 1 : m.sequenceLength();
        return 2 * kv + qRows * m.queryHeads() * m.headDim();
    }

    /**
     * Refuses, from the metadata and before reading any tensor, a trace whose one-layer working set would not fit
     * the heap even streamed, with the numbers, instead of running out of memory halfway.
     */
    static void requireHeap(String file, TraceMetadata m) {
        long floats = layerFloats(m);
        long heap = Runtime.getRuntime().maxMemory();
        if (floats * 4 > heap * HEAP_SHARE) {
            double gib = 1024.0 * 1024 * 1024;
            throw InvalidInputException.of(file, "layer.{l}.q/k/v", String.format(java.util.Locale.ROOT,
                    "one layer of %d positions x (%d + 2 x %d heads) x D %d needs %.2f GiB of heap", m.sequenceLength(), m.queryHeads(), m.kvHeads(), m.headDim(),
                    floats * 4 / gib), String.format(java.util.Locale.ROOT, "at most %.0f%% of the JVM's maximum "
                            + "heap %.2f GiB; raise it (SPATTEN_JAVA_OPTS=-Xmx...) or use a shorter trace",
                    HEAP_SHARE * 100, heap / gib));
        }
    }

    /**
     * The trace's Q/K/V: read into memory when they take at most a third of the heap's share, else streamed from
     * the file a layer at a time; the trace must hold Q/K/V.
     */
    public static AttentionSource load(Path trace) {
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            TraceMetadata m = r.metadata();
            if (!m.hasQkv()) {
                throw InvalidInputException.of(trace.toString(), "layer.{l}.q/k/v", "not recorded",
                        "a trace recorded with Q/K/V (the data-driven SpAtten model computes from them)");
            }
            requireHeap(trace.toString(), m);
            boolean decode = m.mode() == TraceMode.DECODE;
            boolean bidirectional = !decode && org.spattensim.trace.stats.TraceStatsCalculator.BIDIRECTIONAL.equals(
                    m.extras().get(org.spattensim.trace.stats.TraceStatsCalculator.ATTENTION_EXTRA));
            String name = trace.getFileName() + " (" + m.modelName() + ", " + m.mode().fileName()
                    + (bidirectional ? ", bidirectional" : "") + ")";
            if (wholeFloats(m) * 4 > Runtime.getRuntime().maxMemory() * HEAP_SHARE / 2) {
                // Too large to hold whole: read a layer at a time (docs/spatten-functional.md, "Long traces").
                return new StreamingTraceSource(trace, m, name, bidirectional);
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
            return new InMemoryAttentionSource(name, m.queryHeads(), m.kvHeads(), m.headDim(),
                    m.sequenceLength(), decode ? m.promptLength() : m.sequenceLength(), decode, bidirectional, q, k, v);
        }
    }
}

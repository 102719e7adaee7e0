package org.spattensim.accel.spatten.functional;

import java.nio.file.Path;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;

/**
 * A trace too large to hold, read from its file on each call: a layer's K and V, and of Q only the rows asked for
 * (a decode step needs one row). The functional model keeps one layer at a time with it ({@link #streams()}).
 */
final class StreamingTraceSource implements AttentionSource {
    private final Path file;
    private final TraceMetadata m;
    private final String name;
    private final boolean bidirectional;

    StreamingTraceSource(Path file, TraceMetadata m, String name, boolean bidirectional) {
        this.file = file;
        this.m = m;
        this.name = name;
        this.bidirectional = bidirectional;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layers() {
        return m.layers();
    }

    @Override
    public int queryHeads() {
        return m.queryHeads();
    }

    @Override
    public int kvHeads() {
        return m.kvHeads();
    }

    @Override
    public int headDim() {
        return m.headDim();
    }

    @Override
    public int sequenceLength() {
        return m.sequenceLength();
    }

    @Override
    public int promptLength() {
        return decode() ? m.promptLength() : m.sequenceLength();
    }

    @Override
    public boolean decode() {
        return m.mode() == TraceMode.DECODE;
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public float[] q(int layer) {
        return qRows(layer, 0, m.sequenceLength());
    }

    @Override
    public float[] qRows(int layer, int from, int count) {
        float[] out = new float[count * m.queryHeads() * m.headDim()];
        try (AttentionTraceReader r = AttentionTraceReader.open(file)) {
            r.readQ(layer, from, count, out, 0);
        }
        return out;
    }

    @Override
    public float[] k(int layer) {
        try (AttentionTraceReader r = AttentionTraceReader.open(file)) {
            return r.readK(layer);
        }
    }

    @Override
    public float[] v(int layer) {
        try (AttentionTraceReader r = AttentionTraceReader.open(file)) {
            return r.readV(layer);
        }
    }
}

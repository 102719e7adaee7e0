package org.spattensim.trace;

import java.io.Closeable;
import java.nio.file.Path;
import org.spattensim.trace.safetensors.SafetensorsWriter;

/**
 * Writes an attention trace (schema v1, docs/trace-format.md) in streaming fashion. The metadata
 * fixes every tensor's shape, so data can be appended per tensor in row-major order, interleaved
 * freely across layers and tensors: e.g. for each position, for each layer, its Q row
 * ({@code Hq*D} floats), K row and V row ({@code Hkv*D} each); for each probability row, the
 * {@code Hq*T} probabilities. {@link #close()} publishes the file once every tensor is complete.
 *
 * <pre>{@code
 * TraceMetadata meta = TraceMetadata.builder().model("stories260K").shape(5, 8, 4, 8)
 *         .decode(promptLength, steps).probabilities(true).tokenIds(ids).source("llama2.c recorder").build();
 * try (AttentionTraceWriter w = AttentionTraceWriter.open(path, meta)) {
 *     for (int pos = 0; pos < T; pos++) for (int l = 0; l < 5; l++) {
 *         w.writeQ(l, q, 0, 64); w.writeK(l, k, 0, 32); w.writeV(l, v, 0, 32);
 *         if (pos >= promptLength) for (int h = 0; h < 8; h++) w.writeProbabilityRow(l, att, h * T, pos + 1);
 *     }
 * }
 * }</pre>
 */
public final class AttentionTraceWriter implements Closeable {
    private final TraceMetadata meta;
    private final SafetensorsWriter out;
    private float[] zeros = new float[0];

    private AttentionTraceWriter(TraceMetadata meta, SafetensorsWriter out) {
        this.meta = meta;
        this.out = out;
    }

    /** Creates the file (as {@code path.partial} until {@link #close()}) and writes the header and tokens. */
    public static AttentionTraceWriter open(Path path, TraceMetadata meta) {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata(TraceMetadataCodec.encode(meta));
        if (meta.hasTokenIds()) {
            b.tensor(TraceSchema.TOKENS, org.spattensim.trace.safetensors.DType.I32, meta.sequenceLength());
        }
        for (int l = 0; l < meta.layers(); l++) {
            if (meta.hasQkv()) {
                b.tensor(TraceSchema.q(l), meta.dtype().containerType(), meta.qShape());
                b.tensor(TraceSchema.k(l), meta.dtype().containerType(), meta.kvShape());
                b.tensor(TraceSchema.v(l), meta.dtype().containerType(), meta.kvShape());
            }
            if (meta.hasProbabilities()) {
                b.tensor(TraceSchema.probs(l), meta.dtype().containerType(), meta.probsShape());
            }
        }
        SafetensorsWriter w = b.open(path);
        if (meta.hasTokenIds()) {
            w.writeInts(TraceSchema.TOKENS, meta.tokenIds());
        }
        return new AttentionTraceWriter(meta, w);
    }

    public TraceMetadata metadata() {
        return meta;
    }

    /** Appends {@code src[off..off+len)} to layer {@code layer}'s Q ([T, Hq, D], row-major). */
    public void writeQ(int layer, float[] src, int off, int len) {
        requireQkv();
        out.writeFloats(TraceSchema.q(checkLayer(layer)), src, off, len);
    }

    /** Appends {@code src[off..off+len)} to layer {@code layer}'s K ([T, Hkv, D]). */
    public void writeK(int layer, float[] src, int off, int len) {
        requireQkv();
        out.writeFloats(TraceSchema.k(checkLayer(layer)), src, off, len);
    }

    /** Appends {@code src[off..off+len)} to layer {@code layer}'s V ([T, Hkv, D]). */
    public void writeV(int layer, float[] src, int off, int len) {
        requireQkv();
        out.writeFloats(TraceSchema.v(checkLayer(layer)), src, off, len);
    }

    /** Appends all of {@code src} to layer {@code layer}'s Q. */
    public void writeQ(int layer, float[] src) {
        writeQ(layer, src, 0, src.length);
    }

    public void writeK(int layer, float[] src) {
        writeK(layer, src, 0, src.length);
    }

    public void writeV(int layer, float[] src) {
        writeV(layer, src, 0, src.length);
    }

    /** Appends {@code src[off..off+len)} to layer {@code layer}'s probabilities ([rows, Hq, T]). */
    public void writeProbabilities(int layer, float[] src, int off, int len) {
        requireProbabilities();
        out.writeFloats(TraceSchema.probs(checkLayer(layer)), src, off, len);
    }

    public void writeProbabilities(int layer, float[] src) {
        writeProbabilities(layer, src, 0, src.length);
    }

    /**
     * Appends one (query, head) row of T probabilities: {@code src[off..off+validLength)} for keys
     * 0..validLength-1, then zeros for the causally masked keys. Rows go in [row][head] order.
     */
    public void writeProbabilityRow(int layer, float[] src, int off, int validLength) {
        requireProbabilities();
        int t = meta.sequenceLength();
        if (validLength < 0 || validLength > t) {
            throw new IllegalArgumentException("validLength " + validLength + " outside [0, " + t + "]");
        }
        String name = TraceSchema.probs(checkLayer(layer));
        out.writeFloats(name, src, off, validLength);
        int pad = t - validLength;
        if (pad > 0) {
            if (zeros.length < pad) {
                zeros = new float[t];
            }
            out.writeFloats(name, zeros, 0, pad);
        }
    }

    private int checkLayer(int layer) {
        if (layer < 0 || layer >= meta.layers()) {
            throw new IndexOutOfBoundsException("layer " + layer + " outside [0, " + meta.layers() + ")");
        }
        return layer;
    }

    private void requireQkv() {
        if (!meta.hasQkv()) {
            throw new IllegalStateException("trace metadata says has_qkv = false");
        }
    }

    private void requireProbabilities() {
        if (!meta.hasProbabilities()) {
            throw new IllegalStateException("trace metadata says has_probabilities = false");
        }
    }

    /** Discards the partial file. */
    public void abort() {
        out.abort();
    }

    /** Publishes the file; {@link IllegalStateException} naming incomplete tensors if any is short. */
    @Override
    public void close() {
        out.close();
    }
}

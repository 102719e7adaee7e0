package org.spattensim.trace.record;

import org.spattensim.trace.AttentionTraceWriter;
import org.spattensim.trace.record.llama.AttentionObserver;

/**
 * Streams each layer's Q, K, V (every position) and attention probabilities (the positions from
 * {@code firstProbabilityRow} on) into a trace as the forward pass runs; nothing is buffered.
 */
final class TraceRecordingObserver implements AttentionObserver {
    private final AttentionTraceWriter writer;
    private final int firstProbabilityRow;
    private final int queryHeads;

    TraceRecordingObserver(AttentionTraceWriter writer, int firstProbabilityRow, int queryHeads) {
        this.writer = writer;
        this.firstProbabilityRow = firstProbabilityRow;
        this.queryHeads = queryHeads;
    }

    @Override
    public void onAttention(int layer, int pos, float[] q, float[] k, float[] v, float[][] probs) {
        writer.writeQ(layer, q);
        writer.writeK(layer, k);
        writer.writeV(layer, v);
        if (pos >= firstProbabilityRow) {
            for (int h = 0; h < queryHeads; h++) {
                writer.writeProbabilityRow(layer, probs[h], 0, pos + 1);
            }
        }
    }
}

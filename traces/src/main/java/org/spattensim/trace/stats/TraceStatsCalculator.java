package org.spattensim.trace.stats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.safetensors.SafetensorsFile;

/**
 * Computes {@link TraceStats} of an attention trace: from its stored probabilities when it has them,
 * otherwise from softmax(Q·K^T / sqrt(D)) of its Q and K (grouped-query: query head h uses KV head
 * h / (Hq/Hkv)). Attention is causal unless the trace's extras say {@code attention = bidirectional}.
 * Reads one layer at a time.
 */
public final class TraceStatsCalculator {
    /** Extras key a trace may set to {@value #BIDIRECTIONAL} (encoders); absent = causal. */
    public static final String ATTENTION_EXTRA = "attention";
    public static final String BIDIRECTIONAL = "bidirectional";

    private TraceStatsCalculator() {
    }

    public static TraceStats compute(Path trace, StatsOptions options) {
        try (SafetensorsFile f = SafetensorsFile.open(trace)) {
            if (f.metadata().containsKey("spatten_decisions.kind")) {
                throw InvalidInputException.of(trace.toString(), "spatten_decisions.kind",
                        "a SpAtten decision trace has no attention to measure",
                        "an attention trace (record, synth or a numpy/PyTorch export)");
            }
        }
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            return compute(r, trace.getFileName().toString(), options);
        }
    }

    public static TraceStats compute(AttentionTraceReader r, String name, StatsOptions options) {
        TraceMetadata m = r.metadata();
        boolean causal = !BIDIRECTIONAL.equals(m.extras().get(ATTENTION_EXTRA));
        int t = m.sequenceLength();
        int[] rows = selectRows(m.queryRows(), options.maxRowsPerHead());
        List<HeadStats> out = new ArrayList<>();
        float[] row = new float[t];
        double[] scratch = new double[t];
        int d = m.headDim();
        for (int l = 0; l < m.layers(); l++) {
            HeadStatsAccumulator[] acc = new HeadStatsAccumulator[m.queryHeads()];
            for (int h = 0; h < acc.length; h++) {
                acc[h] = new HeadStatsAccumulator(l, h, options);
            }
            if (m.hasProbabilities()) {
                for (int ri : rows) {
                    int pos = m.queryPosition(ri);
                    int n = causal ? pos + 1 : t;
                    for (int h = 0; h < acc.length; h++) {
                        r.readProbabilityRow(l, ri, h, row, 0);
                        acc[h].add(row, 0, n, pos);
                    }
                }
            } else {
                float[] k = r.readK(l);
                float[] q = new float[m.queryHeads() * d];
                int kvStride = m.kvHeads() * d;
                for (int ri : rows) {
                    int pos = m.queryPosition(ri);
                    int n = causal ? pos + 1 : t;
                    r.readQ(l, pos, 1, q, 0);
                    for (int h = 0; h < acc.length; h++) {
                        int g = h / m.groupSize();
                        AttentionMath.softmaxRow(q, h * d, k, g * d, kvStride, n, d, scratch, row);
                        acc[h].add(row, 0, n, pos);
                    }
                }
            }
            for (HeadStatsAccumulator a : acc) {
                out.add(a.result());
            }
        }
        return new TraceStats(name, m.hasProbabilities(), options, out);
    }

    /** All rows, or {@code max} evenly spaced ones (always including the last). */
    static int[] selectRows(int total, int max) {
        int n = max == 0 || max >= total ? total : max;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = n == total ? i : (int) Math.round((double) i * (total - 1) / Math.max(1, n - 1));
        }
        return rows;
    }
}

package org.spattensim.trace;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Run in a child JVM by {@link TraceHeapTest}: reads every tensor of a trace, streaming
 * ({@code stream}) or whole layers at once ({@code whole}), and prints the peak heap use.
 */
public final class TraceHeapCheck {
    private TraceHeapCheck() {
    }

    public static void main(String[] args) {
        Path path = Paths.get(args[0]);
        boolean whole = args[1].equals("whole");
        double sum = 0;
        long floats = 0;
        try (AttentionTraceReader r = AttentionTraceReader.open(path)) {
            TraceMetadata m = r.metadata();
            int rows = 256;
            float[] q = new float[rows * m.queryHeads() * m.headDim()];
            float[] kv = new float[rows * m.kvHeads() * m.headDim()];
            float[] p = new float[m.queryHeads() * m.sequenceLength()];
            for (int l = 0; l < m.layers(); l++) {
                if (whole) {
                    float[] all = r.readQ(l);
                    floats += all.length;
                    continue;
                }
                for (int from = 0; from < m.sequenceLength(); from += rows) {
                    int n = Math.min(rows, m.sequenceLength() - from);
                    r.readQ(l, from, n, q, 0);
                    r.readK(l, from, n, kv, 0);
                    sum += kv[0];
                    r.readV(l, from, n, kv, 0);
                    sum += q[n * m.queryHeads() * m.headDim() - 1] + kv[n * m.kvHeads() * m.headDim() - 1];
                    floats += (long) n * (m.queryHeads() + 2 * m.kvHeads()) * m.headDim();
                }
                for (int row = 0; row < m.queryRows(); row++) {
                    r.readProbabilitiesUnchecked(l, row, 1, p, 0); // sparse file: rows of zeros
                    sum += p[m.queryPosition(row)];
                    floats += p.length;
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("floats=" + floats + " sum=" + sum + " peakHeapBytes=" + peak
                + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
}

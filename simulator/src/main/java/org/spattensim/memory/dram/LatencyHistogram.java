package org.spattensim.memory.dram;

import java.util.Arrays;

/** Request latencies in memory cycles, exact up to {@value #RANGE} cycles (beyond: counted, and max kept). */
public final class LatencyHistogram {
    public static final int RANGE = 1 << 16;

    private final long[] counts = new long[RANGE];
    private long count, sum, max, overflow, lastCompletionCycle;

    public void record(long latency, long completionCycle) {
        count++;
        sum += latency;
        if (latency > max) {
            max = latency;
        }
        if (latency < RANGE) {
            counts[(int) latency]++;
        } else {
            overflow++;
        }
        if (completionCycle > lastCompletionCycle) {
            lastCompletionCycle = completionCycle;
        }
    }

    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : (double) sum / count;
    }

    public long max() {
        return max;
    }

    public long overflowCount() {
        return overflow;
    }

    public long lastCompletionCycle() {
        return lastCompletionCycle;
    }

    /** Smallest latency with at least a fraction q of the requests at or below it; -1 when empty. */
    public long quantile(double q) {
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < RANGE; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return max;
    }

    /** Copy of the counts: entry i = requests with latency i cycles. */
    public long[] counts() {
        return Arrays.copyOf(counts, RANGE);
    }
}

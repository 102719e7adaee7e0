package org.spattensim.accel.spatten.workload;

/**
 * Aggregate figures of a workload, as the decisions stand (no timing).
 *
 * @param tasks             tasks
 * @param activeTasks       tasks whose head is not pruned
 * @param meanContext       mean context length L over active tasks
 * @param meanKeptKeys      mean kept keys over active tasks
 * @param meanKeptValues    mean kept values over active tasks
 * @param keyKeepRatio      Σ kept keys / Σ L (active tasks)
 * @param valueKeepRatio    Σ kept values / Σ L (active tasks)
 * @param requantShare      share of active tasks with the LSB refetch
 * @param headPrunedShare   share of tasks whose head was pruned
 * @param keyValueBits      Σ key and value bits fetched (MSB, LSB refetch, values), before rounding to transactions
 * @param denseKeyValueBits Σ over all tasks of 2 × L × D × 32 bits (dense fp32 K and V)
 * @param topKCycles        Σ token, head and value top-k cycles
 */
public record WorkloadSummary(int tasks, int activeTasks, double meanContext, double meanKeptKeys,
                              double meanKeptValues, double keyKeepRatio, double valueKeepRatio,
                              double requantShare, double headPrunedShare, long keyValueBits,
                              long denseKeyValueBits, long topKCycles) {

    static WorkloadSummary of(Workload w) {
        int active = 0;
        long sumL = 0;
        long sumK = 0;
        long sumV = 0;
        int requant = 0;
        int pruned = 0;
        long bits = 0;
        long dense = 0;
        long topk = 0;
        int d = w.headDim();
        for (int i = 0; i < w.size(); i++) {
            dense += 2L * w.contextLength(i) * d * 32;
            topk += w.tokenTopKCycles(i) + w.headTopKCycles(i) + w.valueTopKCycles(i);
            if (w.headPruned(i)) {
                pruned++;
                continue;
            }
            active++;
            sumL += w.contextLength(i);
            sumK += w.keptKeys(i);
            sumV += w.keptValues(i);
            bits += (long) w.keptKeys(i) * d * w.keyMsbBits(i) + (long) w.keptValues(i) * d * w.valueBits(i);
            if (w.requant(i)) {
                requant++;
                bits += (long) w.keptKeys(i) * d * w.keyLsbBits(i);
            }
        }
        double a = Math.max(1, active);
        return new WorkloadSummary(w.size(), active, sumL / a, sumK / a, sumV / a,
                sumL == 0 ? 0 : (double) sumK / sumL, sumL == 0 ? 0 : (double) sumV / sumL, requant / a,
                w.size() == 0 ? 0 : (double) pruned / w.size(), bits, dense, topk);
    }

    /** Dense fp32 K+V bits over the bits this workload fetches. */
    public double keyValueReduction() {
        return keyValueBits == 0 ? Double.POSITIVE_INFINITY : (double) denseKeyValueBits / keyValueBits;
    }
}

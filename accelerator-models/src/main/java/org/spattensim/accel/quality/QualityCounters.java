package org.spattensim.accel.quality;

/** What the policy did, summed over a run (mutable; owned by one policy). */
public final class QualityCounters {
    long heads;
    long prunedHeads;
    long keys;
    long keptKeys;
    long keptValues;
    long scorePasses;
    long requants;

    /** Kept keys over visible keys, over the heads that ran. */
    public double keyKeepRatio() {
        return keys == 0 ? 1 : (double) keptKeys / keys;
    }

    /** Kept values over visible keys. */
    public double valueKeepRatio() {
        return keys == 0 ? 1 : (double) keptValues / keys;
    }

    public double headPrunedShare() {
        return heads == 0 ? 0 : (double) prunedHeads / heads;
    }

    /** Share of (head, query) attentions that refetched the key LSBs. */
    public double requantShare() {
        return scorePasses == 0 ? 0 : (double) requants / scorePasses;
    }

    void add(QualityCounters o) {
        heads += o.heads;
        prunedHeads += o.prunedHeads;
        keys += o.keys;
        keptKeys += o.keptKeys;
        keptValues += o.keptValues;
        scorePasses += o.scorePasses;
        requants += o.requants;
    }
}

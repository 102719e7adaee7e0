package org.spattensim.memory.dram;

import org.spattensim.memory.dram.controller.ChannelController;

/**
 * Read-only view of a DRAM system's counters, per (pseudo-)channel and summed, with the latency distribution
 * (enqueue to completion, memory cycles). Row-buffer outcome is classified when a request's first command
 * issues: a column command is a hit, an ACT a miss (bank closed), a PRE a conflict (another row open).
 */
public final class DramStats {
    private final ChannelController[] units;
    private final LatencyHistogram latency;
    private final int transactionBytes;
    private final double tCkNs;
    private final double peakGbps;

    DramStats(ChannelController[] units, LatencyHistogram latency, DramConfig config) {
        this.units = units;
        this.latency = latency;
        this.transactionBytes = config.controller().transactionBytes();
        this.tCkNs = config.organization().tCkNs();
        this.peakGbps = config.organization().peakGbps();
    }

    public int channels() {
        return units.length;
    }

    public ChannelController channel(int i) {
        return units[i];
    }

    public long reads() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.reads();
        }
        return s;
    }

    public long writes() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.writes();
        }
        return s;
    }

    public long activates() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.activates();
        }
        return s;
    }

    /** PRE commands, plus one per bank closed by PREA, plus auto-precharges (RDA/WRA). */
    public long precharges() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.precharges();
        }
        return s;
    }

    public long refreshes() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.refreshes();
        }
        return s;
    }

    public long rowHits() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.rowHits();
        }
        return s;
    }

    public long rowMisses() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.rowMisses();
        }
        return s;
    }

    public long rowConflicts() {
        long s = 0;
        for (ChannelController u : units) {
            s += u.rowConflicts();
        }
        return s;
    }

    /** Bytes moved by issued column commands. */
    public long bytes() {
        return (reads() + writes()) * transactionBytes;
    }

    public long bytes(int channel) {
        return (units[channel].reads() + units[channel].writes()) * transactionBytes;
    }

    /** Hits / (hits + misses + conflicts); NaN before any request was classified. */
    public double rowHitRate() {
        long h = rowHits();
        long all = h + rowMisses() + rowConflicts();
        return all == 0 ? Double.NaN : (double) h / all;
    }

    public LatencyHistogram latency() {
        return latency;
    }

    public double tCkNs() {
        return tCkNs;
    }

    /** Achieved bandwidth over [0, cycles), GB/s. */
    public double bandwidthGbps(long cycles) {
        return cycles <= 0 ? 0 : bytes() / (cycles * tCkNs);
    }

    /** Achieved bandwidth of one (pseudo-)channel over [0, cycles), GB/s. */
    public double bandwidthGbps(int channel, long cycles) {
        return cycles <= 0 ? 0 : bytes(channel) / (cycles * tCkNs);
    }

    /** Peak bandwidth of the whole system, GB/s. */
    public double peakGbps() {
        return peakGbps;
    }
}

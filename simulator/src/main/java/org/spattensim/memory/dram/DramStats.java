package org.spattensim.memory.dram;

import java.util.function.LongUnaryOperator;
import org.spattensim.memory.dram.controller.ChannelModel;
import org.spattensim.stats.StatsRegistry;

/**
 * Read-only view of a DRAM system's counters, per (pseudo-)channel and summed, with the latency distribution
 * (enqueue to completion, memory cycles). Row-buffer outcome is classified when a request's first command
 * issues: a column command is a hit, an ACT a miss (bank closed), a PRE a conflict (another row open).
 */
public final class DramStats {
    private final ChannelModel[] units;
    private final LatencyHistogram latency;
    private final int transactionBytes;
    private final double tCkNs;
    private final double peakGbps;

    DramStats(ChannelModel[] units, LatencyHistogram latency, DramConfig config) {
        this.units = units;
        this.latency = latency;
        this.transactionBytes = config.controller().transactionBytes();
        this.tCkNs = config.organization().tCkNs();
        this.peakGbps = config.organization().peakGbps();
    }

    public int channels() {
        return units.length;
    }

    public ChannelModel channel(int i) {
        return units[i];
    }

    public long reads() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.reads();
        }
        return s;
    }

    public long writes() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.writes();
        }
        return s;
    }

    public long activates() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.activates();
        }
        return s;
    }

    /** PRE commands, plus one per bank closed by PREA, plus auto-precharges (RDA/WRA). */
    public long precharges() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.precharges();
        }
        return s;
    }

    public long refreshes() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.refreshes();
        }
        return s;
    }

    public long rowHits() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.rowHits();
        }
        return s;
    }

    public long rowMisses() {
        long s = 0;
        for (ChannelModel u : units) {
            s += u.rowMisses();
        }
        return s;
    }

    public long rowConflicts() {
        long s = 0;
        for (ChannelModel u : units) {
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

    /**
     * Registers every counter under {@code prefix} in the engine's registry (values are read when dumped):
     * totals as {@code <prefix>.reads}, per (pseudo-)channel as {@code <prefix>.ch<i>.reads}, plus row-hit rate,
     * latency (mean, p50, p99, max) and bandwidth over the cycles up to the last completion.
     */
    public void register(StatsRegistry reg, String prefix) {
        counters(reg, prefix, "all channels", i -> -1);
        for (int c = 0; c < units.length; c++) {
            final int ch = c;
            counters(reg, prefix + ".ch" + c, "channel " + c, i -> ch);
            reg.scalarOf(prefix + ".ch" + c + ".bandwidth", "GB/s", "channel " + c
                    + ": bytes moved / time to the last completion", () -> bandwidthGbps(ch, latency.lastCompletionCycle()));
        }
        reg.scalarOf(prefix + ".row_hit_rate", "ratio", "row hits / (hits + misses + conflicts)",
                () -> Double.isNaN(rowHitRate()) ? 0 : rowHitRate());
        reg.scalarOf(prefix + ".latency.mean", "cycles", "mean enqueue-to-completion latency",
                () -> latency.count() == 0 ? 0 : latency.mean());
        reg.scalarOf(prefix + ".latency.p50", "cycles", "median enqueue-to-completion latency",
                () -> Math.max(0, latency.quantile(0.5)));
        reg.scalarOf(prefix + ".latency.p99", "cycles", "99th percentile enqueue-to-completion latency",
                () -> Math.max(0, latency.quantile(0.99)));
        reg.counterOf(prefix + ".latency.max", "cycles", "largest enqueue-to-completion latency", latency::max);
        reg.counterOf(prefix + ".completed", "requests", "requests completed", latency::count);
        reg.counterOf(prefix + ".last_completion", "cycles", "memory cycle of the last completion",
                latency::lastCompletionCycle);
        reg.scalarOf(prefix + ".bandwidth", "GB/s", "bytes moved / time to the last completion",
                () -> bandwidthGbps(latency.lastCompletionCycle()));
        reg.scalarOf(prefix + ".peak_bandwidth", "GB/s", "peak bandwidth: width x data rate x channels", () -> peakGbps);
    }

    private void counters(StatsRegistry reg, String p, String scope, LongUnaryOperator chOf) {
        int ch = (int) chOf.applyAsLong(0);
        reg.counterOf(p + ".reads", "requests", scope + ": read column commands (RD/RDA)",
                () -> ch < 0 ? reads() : units[ch].reads());
        reg.counterOf(p + ".writes", "requests", scope + ": write column commands (WR/WRA)",
                () -> ch < 0 ? writes() : units[ch].writes());
        reg.counterOf(p + ".activates", "commands", scope + ": ACT commands",
                () -> ch < 0 ? activates() : units[ch].activates());
        reg.counterOf(p + ".precharges", "banks", scope + ": banks precharged (PRE, PREA per open bank, auto-precharge)",
                () -> ch < 0 ? precharges() : units[ch].precharges());
        reg.counterOf(p + ".refreshes", "commands", scope + ": all-bank REF commands",
                () -> ch < 0 ? refreshes() : units[ch].refreshes());
        reg.counterOf(p + ".row_hits", "requests", scope + ": requests whose first command was a column command",
                () -> ch < 0 ? rowHits() : units[ch].rowHits());
        reg.counterOf(p + ".row_misses", "requests", scope + ": requests whose first command was an ACT (bank closed)",
                () -> ch < 0 ? rowMisses() : units[ch].rowMisses());
        reg.counterOf(p + ".row_conflicts", "requests", scope + ": requests whose first command was a PRE (other row open)",
                () -> ch < 0 ? rowConflicts() : units[ch].rowConflicts());
        reg.counterOf(p + ".bytes", "bytes", scope + ": bytes moved by column commands",
                () -> ch < 0 ? bytes() : bytes(ch));
    }
}

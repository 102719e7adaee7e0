package org.spattensim.memory.dram;

import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.controller.ChannelController;
import org.spattensim.memory.dram.controller.ChannelModel;
import org.spattensim.memory.dram.controller.Ramulator2Controller;
import org.spattensim.memory.dram.export.RequestTrace;
import org.spattensim.memory.dram.mapping.AddressMapping;

/**
 * A whole DRAM system: one controller ({@link ChannelModel}) per (pseudo-)channel, or per channel for
 * {@link ControllerModel#RAMULATOR2}, behind an {@link AddressMapping}.
 *
 * <p>Time is in memory cycles. The system sits at cycle {@link #now()}; {@link #enqueue} offers a request at a
 * cycle (advancing to it first), {@link #advanceTo} simulates up to a cycle, and {@link #nextEventCycle()} says
 * when the next thing happens, so an event-driven caller can skip idle cycles. Completions go to the
 * {@link DramListener} with their cycle; within one {@code advanceTo} call they are delivered channel by channel,
 * each channel in cycle order (advance to {@code nextEventCycle() + 1} repeatedly for a globally ordered stream).
 * No allocation per request.
 *
 * <p>The system keeps each controller's next event cycle in one array, so finding the next event and advancing
 * touch only the controllers that have something to do; an idle controller's clock is brought forward when it
 * is next used.
 */
public final class DramSystem {
    private final DramConfig config;
    private final AddressMapping mapping;
    private final ChannelModel[] units;
    /** units[u].nextEventCycle(), refreshed after every call that can change it. */
    private final long[] unitNext;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final DramStats stats;
    private CommandLog commandLog;
    private RequestTrace requestTrace;
    private long now;

    public DramSystem(DramConfig config) {
        this(config, DramListener.NONE);
    }

    public DramSystem(DramConfig config, DramListener listener) {
        this.config = config;
        this.mapping = new AddressMapping(config);
        this.units = new ChannelModel[config.units()];
        this.unitNext = new long[units.length];
        for (int i = 0; i < units.length; i++) {
            units[i] = config.controller().model() == ControllerModel.RAMULATOR2
                    ? new Ramulator2Controller(i, config, latency, listener)
                    : new ChannelController(i, config, latency, listener);
            unitNext[i] = units[i].nextEventCycle();
        }
        this.stats = new DramStats(units, latency, config);
    }

    /** Replaces the completion listener (e.g. before the first request). */
    public void setListener(DramListener listener) {
        for (ChannelModel u : units) {
            u.setListener(listener);
        }
    }

    /** Starts recording every issued command (for the timing checker); returns the log. */
    public CommandLog enableCommandLog() {
        if (commandLog == null) {
            commandLog = new CommandLog();
            for (ChannelModel u : units) {
                u.setCommandLog(commandLog);
            }
        }
        return commandLog;
    }

    /** Starts recording the offered request stream (for trace export); returns the trace. */
    public RequestTrace enableRequestTrace() {
        if (requestTrace == null) {
            requestTrace = new RequestTrace();
        }
        return requestTrace;
    }

    public DramConfig config() {
        return config;
    }

    public AddressMapping mapping() {
        return mapping;
    }

    public DramStats stats() {
        return stats;
    }

    public CommandLog commandLog() {
        return commandLog;
    }

    public RequestTrace requestTrace() {
        return requestTrace;
    }

    public long now() {
        return now;
    }

    /** Whether the queue this request maps to has room at the current cycle. */
    public boolean canAccept(long address, boolean write) {
        return canAccept(mapping.unit(address), write);
    }

    /** Whether the given (pseudo-)channel's read or write queue has room at the current cycle. */
    public boolean canAccept(int unit, boolean write) {
        return units[unit].canAccept(write);
    }

    /**
     * Offers a request at {@code cycle} (>= now; the system advances to it first).
     *
     * @return false, and nothing changes, if the target queue is full (retry after the next event)
     */
    public boolean enqueue(long cycle, long address, boolean write, long id) {
        if (cycle < now) {
            throw new IllegalArgumentException("enqueue at cycle " + cycle + " before now = " + now);
        }
        if (cycle > now) {
            advanceTo(cycle);
        }
        int ui = mapping.unit(address);
        ChannelModel u = units[ui];
        if (!u.canAccept(write)) {
            return false;
        }
        u.advanceTo(now);
        u.enqueue(id, write, mapping.pseudoChannel(address), mapping.flatBank(address), mapping.row(address),
                mapping.column(address));
        unitNext[ui] = u.nextEventCycle();
        if (requestTrace != null) {
            requestTrace.record(cycle, address, write);
        }
        return true;
    }

    /** Earliest cycle (>= now) at which some channel acts; a refresh at the latest every tREFI. */
    public long nextEventCycle() {
        long e = Long.MAX_VALUE;
        for (long n : unitNext) {
            e = Math.min(e, n);
        }
        return e;
    }

    /** Simulates all events before {@code cycle} and sets now = cycle. */
    public void advanceTo(long cycle) {
        if (cycle <= now) {
            return;
        }
        for (int i = 0; i < units.length; i++) {
            if (unitNext[i] < cycle) {
                units[i].advanceTo(cycle);
                unitNext[i] = units[i].nextEventCycle();
            }
        }
        now = cycle;
    }

    /** Requests queued or in flight. */
    public long pending() {
        long p = 0;
        for (ChannelModel u : units) {
            p += u.pending();
        }
        return p;
    }

    /** Runs until every accepted request has completed; returns the cycle after the last completion event. */
    public long drain() {
        while (pending() > 0) {
            advanceTo(nextEventCycle() + 1);
        }
        return now;
    }
}

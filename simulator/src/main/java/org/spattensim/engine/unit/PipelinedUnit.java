package org.spattensim.engine.unit;

import org.spattensim.common.InvalidInputException;
import org.spattensim.stats.StatsRegistry;

/**
 * A pipelined hardware unit with a fixed latency and initiation interval (II), modelled by
 * reservation: each call books the unit's issue slot for one item and returns when the item
 * completes. No events are needed, so an accelerator model can push millions of items per second
 * through it; the returned completion cycles can also be used to schedule events on a
 * {@link org.spattensim.engine.Simulation}.
 *
 * <p>Timing (see docs/engine.md): an item ready at cycle {@code r} starts at
 * {@code s = max(r, nextFree)} and completes at {@code s + latency}; the next item may start at
 * {@code s + II}. Items must be issued in program order (the order the hardware accepts them).
 * If the output cannot be delivered before {@code outputFreeAt} (a full downstream FIFO), the item
 * completes at {@code outputFreeAt} and the whole pipeline freezes for the difference: the next
 * issue slot moves back by the same number of cycles.
 *
 * <p>Statistics, all in cycles of this unit's clock and counted from cycle 0:
 * busy (issue slot occupied: {@code II} per item), idle (issue slot empty because no item was
 * ready), back-pressure (pipeline frozen by a full output), so that
 * {@code busy + idle + backPressure == nextFree()}; and stall, the sum over items of
 * {@code start - ready} (cycles items waited for the unit).
 */
public final class PipelinedUnit {
    private final String name;
    private final int latency;
    private final int initiationInterval;

    private long nextFree;
    private long lastStart;
    private long lastCompletion;
    private long items;
    private long busyCycles;
    private long idleCycles;
    private long stallCycles;
    private long backPressureCycles;

    /**
     * @param name hierarchical name used for statistics, e.g. {@code spatten.qk}
     * @param latency cycles from start to completion of one item, {@code >= 0}
     * @param initiationInterval cycles between two consecutive starts, {@code >= 1}
     */
    public PipelinedUnit(String name, int latency, int initiationInterval) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("PipelinedUnit", "name", "is empty", "a non-empty unit name");
        }
        if (latency < 0) {
            throw InvalidInputException.of("PipelinedUnit " + name, "latency", "is " + latency, "an integer >= 0 cycles");
        }
        if (initiationInterval < 1) {
            throw InvalidInputException.of("PipelinedUnit " + name, "initiationInterval",
                    "is " + initiationInterval, "an integer >= 1 cycles");
        }
        this.name = name;
        this.latency = latency;
        this.initiationInterval = initiationInterval;
    }

    /**
     * Issues one item that is ready at {@code readyCycle}.
     *
     * @return the cycle the item completes
     */
    public long issue(long readyCycle) {
        long start = startAt(readyCycle);
        long done = start + latency;
        nextFree = start + initiationInterval;
        items++;
        busyCycles += initiationInterval;
        lastStart = start;
        lastCompletion = done;
        return done;
    }

    /**
     * Issues one item whose result cannot leave the unit before {@code outputFreeAt} (the cycle a
     * downstream FIFO has space). If the item would complete earlier, the pipeline freezes until
     * then, delaying later issues by the same amount.
     *
     * @return the cycle the item completes and is handed downstream
     */
    public long issue(long readyCycle, long outputFreeAt) {
        long start = startAt(readyCycle);
        long natural = start + latency;
        long done = Math.max(natural, outputFreeAt);
        long frozen = done - natural;
        nextFree = start + initiationInterval + frozen;
        items++;
        busyCycles += initiationInterval;
        backPressureCycles += frozen;
        lastStart = start;
        lastCompletion = done;
        return done;
    }

    /**
     * Issues {@code n} items that are all ready at {@code readyCycle} back to back, in closed form:
     * the first starts at {@code s = max(readyCycle, nextFree)}, the last completes at
     * {@code s + (n - 1) * II + latency}.
     *
     * @return the completion cycle of the last item; {@code nextFree()} if {@code n == 0}
     */
    public long issueBatch(long readyCycle, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": batch size must be >= 0, was " + n);
        }
        if (n == 0) {
            return Math.max(readyCycle, nextFree);
        }
        long start = startAt(readyCycle);
        long lastStartCycle = start + (n - 1) * initiationInterval;
        // Item i waits (start - ready) + i * II cycles for the unit.
        stallCycles += (n - 1) * (start - readyCycle) + (n * (n - 1) / 2) * initiationInterval;
        nextFree = lastStartCycle + initiationInterval;
        items += n;
        busyCycles += n * initiationInterval;
        lastStart = lastStartCycle;
        lastCompletion = lastStartCycle + latency;
        return lastCompletion;
    }

    private long startAt(long readyCycle) {
        long start;
        if (readyCycle >= nextFree) {
            idleCycles += readyCycle - nextFree;
            start = readyCycle;
        } else {
            stallCycles += nextFree - readyCycle;
            start = nextFree;
        }
        return start;
    }

    /** The earliest cycle the next item could start. */
    public long nextFree() {
        return nextFree;
    }

    /** Start cycle of the most recently issued item (of the last item of a batch). */
    public long lastStart() {
        return lastStart;
    }

    /** Completion cycle of the most recently issued item. */
    public long lastCompletion() {
        return lastCompletion;
    }

    public String name() {
        return name;
    }

    public int latency() {
        return latency;
    }

    public int initiationInterval() {
        return initiationInterval;
    }

    /** Items issued. */
    public long items() {
        return items;
    }

    /** Cycles the issue slot was occupied ({@code items * II}). */
    public long busyCycles() {
        return busyCycles;
    }

    /** Cycles before {@link #nextFree()} in which the issue slot was empty because no item was ready. */
    public long idleCycles() {
        return idleCycles;
    }

    /** Idle cycles up to {@code endCycle}, counting the tail after the last issue slot as idle. */
    public long idleCyclesUntil(long endCycle) {
        return idleCycles + Math.max(0, endCycle - nextFree);
    }

    /** Sum over items of the cycles each waited, ready, for the unit's issue slot. */
    public long stallCycles() {
        return stallCycles;
    }

    /** Cycles the pipeline was frozen because its output could not be delivered. */
    public long backPressureCycles() {
        return backPressureCycles;
    }

    /** Fraction of {@code [0, endCycle)} in which the issue slot was busy. */
    public double utilization(long endCycle) {
        return endCycle <= 0 ? 0.0 : (double) busyCycles / endCycle;
    }

    /** Resets timing state and statistics to those of a fresh unit. */
    public void reset() {
        nextFree = 0;
        lastStart = 0;
        lastCompletion = 0;
        items = 0;
        busyCycles = 0;
        idleCycles = 0;
        stallCycles = 0;
        backPressureCycles = 0;
    }

    /**
     * Registers this unit's statistics under {@code <name>.}: items, busy_cycles, idle_cycles,
     * stall_cycles, back_pressure_cycles. Values are read when the registry is dumped.
     */
    public void registerStats(StatsRegistry stats) {
        stats.counterOf(name + ".items", "items", "items issued to " + name, this::items);
        stats.counterOf(name + ".busy_cycles", "cycles", "cycles the issue slot of " + name + " was occupied (items x II)",
                this::busyCycles);
        stats.counterOf(name + ".idle_cycles", "cycles", "cycles the issue slot of " + name + " was empty, no item ready",
                this::idleCycles);
        stats.counterOf(name + ".stall_cycles", "item-cycles",
                "sum over items of cycles spent ready but waiting for " + name, this::stallCycles);
        stats.counterOf(name + ".back_pressure_cycles", "cycles",
                "cycles " + name + " was frozen because its output was blocked", this::backPressureCycles);
    }

    @Override
    public String toString() {
        return "PipelinedUnit[" + name + ", latency=" + latency + ", II=" + initiationInterval + "]";
    }
}

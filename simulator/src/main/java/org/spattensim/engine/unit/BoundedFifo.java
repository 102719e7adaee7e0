package org.spattensim.engine.unit;

import org.spattensim.common.InvalidInputException;
import org.spattensim.stats.StatsRegistry;

/**
 * A bounded FIFO between two units, modelled by reservation: the producer books pushes and the
 * consumer books pops, item by item in FIFO order, and the FIFO answers when each is possible.
 *
 * <p>Timing (see docs/engine.md): an item pushed at cycle {@code t} may be popped at {@code t}
 * (fall-through); a slot freed by a pop at {@code t} may be refilled at {@code t}. The push of item
 * {@code k} therefore waits for the pop of item {@code k - capacity}: that pop must already have been
 * booked, which holds when items travel end to end through a {@link UnitChain}, or when pushes and
 * pops are booked in time order (event-driven use).
 *
 * <p>Statistics: pushes, pops, occupancy high-water mark, full-stall cycles (sum over pushes of the
 * cycles the push waited for space) and empty-stall cycles (sum over pops of the cycles the pop waited
 * for data).
 */
public final class BoundedFifo {
    private final String name;
    private final int capacity;
    private final long[] pushTimes;
    private final long[] popTimes;
    private long pushes;
    private long pops;
    private int highWaterMark;
    private long fullStallCycles;
    private long emptyStallCycles;
    private long lastPush = Long.MIN_VALUE;
    private long lastPop = Long.MIN_VALUE;

    /**
     * @param name hierarchical name used for statistics
     * @param capacity number of entries, {@code >= 1}
     */
    public BoundedFifo(String name, int capacity) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("BoundedFifo", "name", "is empty", "a non-empty FIFO name");
        }
        if (capacity < 1) {
            throw InvalidInputException.of("BoundedFifo " + name, "capacity", "is " + capacity, "an integer >= 1 entries");
        }
        this.name = name;
        this.capacity = capacity;
        this.pushTimes = new long[capacity];
        this.popTimes = new long[capacity];
    }

    /**
     * The earliest cycle at which the next push finds a free slot: {@link Long#MIN_VALUE} while fewer
     * than {@code capacity} items were pushed, else the pop cycle of item {@code pushes - capacity}.
     */
    public long spaceFreeAt() {
        if (pushes < capacity) {
            return Long.MIN_VALUE;
        }
        long victim = pushes - capacity;
        if (victim >= pops) {
            throw new IllegalStateException(name + ": push of item " + pushes + " needs the pop of item " + victim
                    + " to be booked first (FIFO full and the consumer's pop time unknown)");
        }
        return popTimes[(int) (victim % capacity)];
    }

    /**
     * Books a push of the next item, offered at {@code cycle}.
     *
     * @return the cycle the item enters the FIFO: {@code max(cycle, spaceFreeAt())}
     */
    public long push(long cycle) {
        long t = Math.max(cycle, spaceFreeAt());
        if (t < lastPush) {
            throw new IllegalArgumentException(name + ": push at cycle " + t + " before the previous push at " + lastPush);
        }
        fullStallCycles += t - cycle;
        pushTimes[(int) (pushes % capacity)] = t;
        pushes++;
        lastPush = t;
        // Occupancy right after this push: items pushed minus items whose booked pop is at or before t.
        long poppedAfter = 0;
        for (long k = pops - 1; k >= 0 && k >= pops - capacity && popTimes[(int) (k % capacity)] > t; k--) {
            poppedAfter++;
        }
        long occupancy = pushes - pops + poppedAfter;
        if (occupancy > highWaterMark) {
            highWaterMark = (int) Math.min(occupancy, capacity);
        }
        return t;
    }

    /** The cycle the next item to pop was pushed ({@code Long.MIN_VALUE} never; throws if empty). */
    public long headReadyAt() {
        if (pops >= pushes) {
            throw new IllegalStateException(name + ": pop of item " + pops + " before it was pushed");
        }
        return pushTimes[(int) (pops % capacity)];
    }

    /**
     * Books the pop of the oldest item, requested at {@code cycle}.
     *
     * @return the cycle of the pop: {@code max(cycle, push cycle of that item)}
     */
    public long pop(long cycle) {
        long ready = headReadyAt();
        long t = Math.max(cycle, ready);
        if (t < lastPop) {
            throw new IllegalArgumentException(name + ": pop at cycle " + t + " before the previous pop at " + lastPop);
        }
        emptyStallCycles += t - cycle;
        popTimes[(int) (pops % capacity)] = t;
        pops++;
        lastPop = t;
        return t;
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    public long pushes() {
        return pushes;
    }

    public long pops() {
        return pops;
    }

    /** Items pushed but not yet popped (in booking order, not at a given cycle). */
    public long size() {
        return pushes - pops;
    }

    /** Largest occupancy seen right after a push. */
    public int highWaterMark() {
        return highWaterMark;
    }

    /** Sum over pushes of the cycles the push waited for a free slot. */
    public long fullStallCycles() {
        return fullStallCycles;
    }

    /** Sum over pops of the cycles the pop waited for data. */
    public long emptyStallCycles() {
        return emptyStallCycles;
    }

    /** Registers pushes, pops, high_water_mark, full_stall_cycles and empty_stall_cycles under {@code <name>.}. */
    public void registerStats(StatsRegistry stats) {
        stats.counterOf(name + ".pushes", "items", "items pushed into " + name, this::pushes);
        stats.counterOf(name + ".pops", "items", "items popped from " + name, this::pops);
        stats.counterOf(name + ".high_water_mark", "entries", "largest occupancy of " + name
                + " (capacity " + capacity + ")", this::highWaterMark);
        stats.counterOf(name + ".full_stall_cycles", "item-cycles",
                "sum over pushes of cycles waited for space in " + name, this::fullStallCycles);
        stats.counterOf(name + ".empty_stall_cycles", "item-cycles",
                "sum over pops of cycles waited for data in " + name, this::emptyStallCycles);
    }

    @Override
    public String toString() {
        return "BoundedFifo[" + name + ", capacity=" + capacity + "]";
    }
}

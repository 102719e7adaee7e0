package org.spattensim.memory.dram.controller;

/**
 * The event loop both controller models share: jump to the next cycle in which something happens (a completion
 * or a scheduling pass), deliver what completed, schedule, and repeat until the target cycle. One copy, so that
 * the FR-FCFS and the Ramulator 2.0 controllers skip idle cycles by the same rule.
 */
abstract class EventDrivenChannel implements ChannelModel {
    /** The cycle this controller was last advanced to. */
    protected long now;
    /** Earliest cycle at which a scheduling pass may issue a command. */
    protected long schedAt;

    @Override
    public final long now() {
        return now;
    }

    @Override
    public final void advanceTo(long cycle) {
        while (true) {
            long e = nextEventCycle();
            if (e >= cycle) {
                break;
            }
            if (e > now) {
                now = e;
            }
            completeDue();
            if (schedAt <= now) {
                schedule();
            }
        }
        if (cycle > now) {
            now = cycle;
        }
    }

    /** Delivers every request whose data has completed by {@link #now}. */
    protected abstract void completeDue();

    /** One scheduling pass at {@link #now}: issues at most one command and sets {@link #schedAt}. */
    protected abstract void schedule();
}

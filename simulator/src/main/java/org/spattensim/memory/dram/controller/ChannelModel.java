package org.spattensim.memory.dram.controller;

import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.command.CommandLog;

/**
 * One memory controller of a {@code DramSystem} as the system drives it: requests in, completions out through
 * the {@link DramListener}, and the cycle of its next event so that idle cycles are skipped.
 */
public interface ChannelModel {
    void setListener(DramListener l);

    void setCommandLog(CommandLog l);

    /** The cycle this controller was last advanced to. */
    long now();

    boolean canAccept(boolean write);

    /**
     * Adds a request at {@link #now()}; the caller has checked {@link #canAccept(boolean)}.
     *
     * @param pseudoChannel pseudo-channel within this controller (0 when it serves one)
     * @param flatBank      bank within its (pseudo-)channel: (rank x bankGroups + bankGroup) x banksPerGroup + bank
     */
    void enqueue(long id, boolean write, int pseudoChannel, int flatBank, int row, int column);

    /** Earliest cycle at which this controller acts. */
    long nextEventCycle();

    /** Simulates every cycle in [now, cycle) in which something happens, then sets now = cycle. */
    void advanceTo(long cycle);

    /** Queued requests (not yet issued). */
    int queued();

    /** Queued plus issued requests whose data has not yet completed. */
    int pending();

    long reads();

    long writes();

    long activates();

    long precharges();

    long refreshes();

    long rowHits();

    long rowMisses();

    long rowConflicts();
}

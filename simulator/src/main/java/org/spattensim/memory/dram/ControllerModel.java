package org.spattensim.memory.dram;

/**
 * Which memory-controller model serves a DRAM system (preset key {@code controller.model}).
 */
public enum ControllerModel {
    /**
     * Our FR-FCFS controller (docs/dram.md): one controller per (pseudo-)channel, row hits first, all-bank
     * refresh every tREFI.
     */
    FRFCFS,
    /**
     * Ramulator 2.0's {@code Generic} controller with its {@code FRFCFS} scheduler, as the SpAtten release runs it
     * [R20] {@code src/dram_controller/impl/generic_dram_controller.cpp}, {@code scheduler/generic_scheduler.cpp},
     * {@code src/dram/impl/HBM2.cpp}: one controller per channel whose pseudo-channels share its command slot (one
     * command per cycle) and its read and write buffers; the oldest request whose next command is ready wins (no
     * row-hit priority), requests that issued their ACT move to an active buffer served first, a PRE that would
     * close a row an active request waits for is held back; an ACT blocks the channel's next ACT or PRE for two
     * cycles (HBM2's 2-cycle ACT); at most one read completes per cycle, in issue order; no refresh (Ramulator
     * 2.0's all-bank refresh manager loops over a rank level its HBM2 model does not have).
     */
    RAMULATOR2;

    /** Independent controllers of a system: per pseudo-channel for {@link #FRFCFS}, per channel otherwise. */
    public int units(DramOrganization o) {
        return this == FRFCFS ? o.units() : o.channels();
    }
}

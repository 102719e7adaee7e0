package org.spattensim.memory.dram;

/** Row-buffer policy of the controller. */
public enum PagePolicy {
    /** Rows stay open until a conflicting request or a refresh closes them. */
    OPEN,
    /** A column command auto-precharges (RDA/WRA) unless another queued request hits the same row. */
    CLOSED
}

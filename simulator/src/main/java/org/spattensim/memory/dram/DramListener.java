package org.spattensim.memory.dram;

/** Receives each completed request with the memory cycle at which its data transfer ended. */
@FunctionalInterface
public interface DramListener {
    /**
     * @param id              the id given at enqueue
     * @param write           true for a write
     * @param completionCycle memory cycle at which the last data beat has been transferred
     */
    void completed(long id, boolean write, long completionCycle);

    DramListener NONE = (id, write, cycle) -> { };
}

package org.spattensim.engine;

/**
 * An event that receives a {@code long} payload (a request id, an index, a packed tag). One handler
 * object can serve many pending events without allocating a closure per event.
 */
@FunctionalInterface
public interface PayloadEvent {
    /** Called with {@code sim.now()} equal to the cycle this event was scheduled for. */
    void fire(Simulation sim, long payload);
}

package org.spattensim.engine;

/** An action fired by a {@link Simulation} at the cycle it was scheduled for. */
@FunctionalInterface
public interface Event {
    /** Called with {@code sim.now()} equal to the cycle this event was scheduled for. */
    void fire(Simulation sim);
}

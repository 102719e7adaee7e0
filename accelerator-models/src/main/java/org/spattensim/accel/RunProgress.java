package org.spattensim.accel;

/**
 * Told how far a run is, for a progress bar: {@code done} of {@code total} units of {@code phase} (for SpAtten, the
 * attention tasks the cycle-level pipeline has finished). Called from the simulating thread now and then (not per
 * event); it must not change anything the run reads, so results do not depend on it.
 */
@FunctionalInterface
public interface RunProgress {
    RunProgress NONE = (phase, done, total) -> { };

    void update(String phase, long done, long total);
}

package org.spattensim.results.baseline;

/** A CPU or GPU platform that runs dense attention, measured or modelled. */
public interface Baseline {

    /** Registry name, e.g. {@code cpu}, {@code gpu:titan-xp}. */
    String name();

    /** Latency and energy of dense attention with this shape on this platform. */
    BaselineResult evaluate(AttentionShape shape);
}

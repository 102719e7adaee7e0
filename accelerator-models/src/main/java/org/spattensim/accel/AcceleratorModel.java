package org.spattensim.accel;

/**
 * One accelerator design that runs a workload and reports a generic {@link AcceleratorRun}. Implementations are
 * registered by name through an {@link AcceleratorProvider} (as Ramulator 2 registers its named implementations),
 * so {@code compare}, {@code simulate}, {@code demo}, the explorer and the report reach every design through
 * {@link Accelerators} without naming it.
 */
public interface AcceleratorModel {
    /** The registry name ({@code spatten-1/8}, {@code a3}, ...). */
    String name();

    /** One line for listings: the design and where its model comes from. */
    String description();

    /**
     * True for designs a study compares against (dense datapaths, prior accelerators); false for the design under
     * study, whose rows a speedup table shows.
     */
    default boolean baseline() {
        return false;
    }

    /**
     * True when the design decides from the trace's Q/K/V data (it cannot run a SpAtten workload CSV, which holds
     * only SpAtten's own decisions).
     */
    default boolean decidesFromData() {
        return false;
    }

    /**
     * Runs the request's workload on this design with the request's overrides applied to its parameters.
     * Refuses, before the work starts and naming the file or key, a workload or override the design cannot use.
     */
    AcceleratorRun run(RunRequest request);
}

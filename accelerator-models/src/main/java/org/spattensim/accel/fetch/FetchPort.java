package org.spattensim.accel.fetch;

/**
 * The fetch path as the SpAtten pipeline sees it: blocks in, rows and blocks out in request order through a
 * {@link QkvFetcher.Sink}. {@link QkvFetcher} simulates it transaction by transaction on the DRAM model; the fast
 * model's calibrated port computes the same callbacks from a measured bandwidth and latency. Both are driven by
 * one pipeline ({@code SpattenPipeline}), so the two models share one task protocol.
 */
public interface FetchPort {
    /** Hands a block to the fetch path at the current cycle. */
    void enqueue(FetchBlock block);

    /** Runs the pipeline's engine (and, for the cycle-level port, the DRAM) until nothing is left to do. */
    void runUntilIdle();

    long transactions();

    long bytes(MatrixKind kind);
}

package org.spattensim.accel.spatten.analytic;

import org.spattensim.accel.fetch.FetchBlock;
import org.spattensim.accel.fetch.FetchPort;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.QkvFetcher;
import org.spattensim.engine.Simulation;

/**
 * The fast model's fetch path: one FIFO server with the bandwidth {@code B} and first-row latency {@code L} that
 * {@link FetchCalibration} measured on the cycle-level fetcher and DRAM. A block of rows of {@code s} bytes
 * handed over at {@code t} starts at {@code max(t, free)}; its row {@code r} arrives at
 * {@code start + L + r * s / B}, and the server is free again {@code rows * s / B} after the start (blocks
 * pipeline, so only an idle server exposes the latency). Rows are delivered to the pipeline at once, with their
 * future arrival cycles: the pipeline schedules on those cycles, never on the current one.
 */
final class CalibratedFetcher implements FetchPort {
    private final FetchCalibration cal;
    private final Simulation sim;
    private final QkvFetcher.Sink sink;
    private final long[] bytesByKind = new long[MatrixKind.values().length];
    private double free;
    private long transactions;

    CalibratedFetcher(FetchCalibration cal, Simulation sim, QkvFetcher.Sink sink) {
        this.cal = cal;
        this.sim = sim;
        this.sink = sink;
    }

    @Override
    public void enqueue(FetchBlock b) {
        double start = Math.max(sim.now(), free);
        double perRow = (double) b.bytes() / b.rows() / cal.bytesPerCycle();
        long last = sim.now();
        for (int r = 0; r < b.rows(); r++) {
            last = Math.max(last, (long) Math.ceil(start + cal.latencyCycles() + r * perRow));
            sink.rowReady(b, r, last);
        }
        free = start + b.rows() * perRow;
        transactions += b.transactions();
        bytesByKind[b.kind().ordinal()] += b.bytes();
        sink.blockDone(b, last);
    }

    @Override
    public void runUntilIdle() {
        sim.run();
    }

    @Override
    public long transactions() {
        return transactions;
    }

    @Override
    public long bytes(MatrixKind kind) {
        return bytesByKind[kind.ordinal()];
    }
}

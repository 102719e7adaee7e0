package org.spattensim.accel;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.spattensim.memory.dram.DramSystem;

/**
 * What a run needs: the workload (a bundled SpAtten workload name, a SpAtten workload CSV or a Q/K/V trace), the
 * user's {@code key=value} overrides of the design's parameters, a hook that sees the run's fresh DRAM system
 * before the first request (to record its request stream), and where to report progress.
 */
public record RunRequest(String trace, List<String> overrides, Consumer<DramSystem> onDram, RunProgress progress) {
    public RunRequest {
        Objects.requireNonNull(trace, "trace");
        overrides = List.copyOf(overrides);
        Objects.requireNonNull(onDram, "onDram");
        Objects.requireNonNull(progress, "progress");
    }

    public RunRequest(String trace, List<String> overrides, Consumer<DramSystem> onDram) {
        this(trace, overrides, onDram, RunProgress.NONE);
    }

    /** This request with a progress listener. */
    public RunRequest withProgress(RunProgress p) {
        return new RunRequest(trace, overrides, onDram, p);
    }

    public static RunRequest of(String trace) {
        return new RunRequest(trace, List.of(), d -> { });
    }

    public static RunRequest of(String trace, List<String> overrides) {
        return new RunRequest(trace, overrides, d -> { });
    }
}

package org.spattensim.accel.spatten.functional;

import java.nio.file.Path;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;

/**
 * Producer (a) of the workload hand-off: decisions computed from recorded Q/K/V by the
 * {@link SpattenFunctionalModel}, with the functional output error alongside.
 */
public final class DataDrivenProducer {
    private DataDrivenProducer() {}

    /** The design's own decisions on a trace file. */
    public static FunctionalResult fromTrace(Path trace, SpattenConfig config) {
        return fromSource(TraceAttentionSource.load(trace), config);
    }

    /** One ablation step of the design on a trace file. */
    public static FunctionalResult fromTrace(Path trace, SpattenConfig config, AblationStep step) {
        return fromSource(TraceAttentionSource.load(trace), step.apply(config));
    }

    public static FunctionalResult fromSource(AttentionSource source, SpattenConfig config) {
        return new SpattenFunctionalModel(config).run(source);
    }
}

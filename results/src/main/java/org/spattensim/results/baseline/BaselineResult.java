package org.spattensim.results.baseline;

import org.spattensim.common.InvalidInputException;

/**
 * What a baseline reports for one {@link AttentionShape}.
 *
 * @param baseline      registry name of the baseline, e.g. {@code cpu} or {@code gpu:h100}
 * @param latencySeconds end-to-end latency of all layers (and all decode steps)
 * @param energyJoules  energy over that latency
 * @param latencyKind   whether the latency was measured on real hardware or modelled
 * @param method        how the latency was obtained (implementation, kernel, repeats, statistic)
 * @param energySource  how the energy was obtained; energy is always {@code power x latency} with a
 *                      stated power assumption, so it is modelled even when the latency is measured
 */
public record BaselineResult(String baseline, double latencySeconds, double energyJoules, Kind latencyKind,
                             String method, String energySource) {

    /** Provenance of a number: measured on real hardware, or predicted by a model. */
    public enum Kind { MEASURED, MODELLED }

    public BaselineResult {
        if (baseline == null || baseline.isBlank()) {
            throw InvalidInputException.of("baseline result", "baseline", "missing", "a baseline name");
        }
        if (!(latencySeconds > 0) || Double.isInfinite(latencySeconds)) {
            throw InvalidInputException.of("baseline result " + baseline, "latencySeconds",
                    "got " + latencySeconds, "a finite positive number");
        }
        if (!(energyJoules >= 0) || Double.isInfinite(energyJoules)) {
            throw InvalidInputException.of("baseline result " + baseline, "energyJoules",
                    "got " + energyJoules, "a finite non-negative number");
        }
        if (latencyKind == null) {
            throw InvalidInputException.of("baseline result " + baseline, "latencyKind", "missing", "MEASURED or MODELLED");
        }
        method = method == null ? "" : method;
        energySource = energySource == null ? "" : energySource;
    }

    public boolean measured() {
        return latencyKind == Kind.MEASURED;
    }
}

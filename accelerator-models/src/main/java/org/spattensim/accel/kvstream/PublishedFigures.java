package org.spattensim.accel.kvstream;

import java.util.Optional;

/**
 * A design's figures as published, reported next to the model's own (not used to compute them, except area,
 * which this project does not model for these designs and takes as published). A figure not published is left
 * out of the YAML and reported as NaN.
 *
 * @param areaMm2        chip area
 * @param corePowerW     core power
 * @param throughputGops throughput
 * @param source         where they come from (a source tag of docs/sources.md)
 */
public record PublishedFigures(Optional<Double> areaMm2, Optional<Double> corePowerW, Optional<Double> throughputGops,
                               String source) {
    public double area() {
        return areaMm2.orElse(Double.NaN);
    }

    public double power() {
        return corePowerW.orElse(Double.NaN);
    }

    public double throughput() {
        return throughputGops.orElse(Double.NaN);
    }
}

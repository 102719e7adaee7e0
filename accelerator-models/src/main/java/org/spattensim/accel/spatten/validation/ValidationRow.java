package org.spattensim.accel.spatten.validation;

/**
 * One compared figure: ours, the reference, and the accepted band.
 *
 * @param caseName  reference case (e.g. {@code gpt2-small-wikitext2}, {@code dram:random})
 * @param metric    what is compared (e.g. {@code step.3.increment_cycles})
 * @param unit      unit of ours and reference
 * @param ours      our figure
 * @param reference the reference figure (for a range of seeds: its middle)
 * @param lower     lowest accepted value of ours
 * @param upper     highest accepted value of ours
 * @param tolerance how the band was set, in words
 */
public record ValidationRow(String caseName, String metric, String unit, double ours, double reference, double lower,
                            double upper, String tolerance) {
    /** Relative error of ours against the reference, in percent. */
    public double errorPercent() {
        return reference == 0 ? 0 : (ours - reference) / reference * 100;
    }

    public boolean pass() {
        return ours >= lower && ours <= upper;
    }
}

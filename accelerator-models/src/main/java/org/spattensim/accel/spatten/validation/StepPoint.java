package org.spattensim.accel.spatten.validation;

/**
 * One generated step of the per-step curve: cumulative finish cycle of the step's last head, ours and the RTL's,
 * and the step's increment over the previous step.
 */
public record StepPoint(int step, long oursCumulative, long referenceCumulative, long oursIncrement,
                        long referenceIncrement) {
    public double incrementErrorPercent() {
        return (oursIncrement - referenceIncrement) * 100.0 / referenceIncrement;
    }

    public double cumulativeErrorPercent() {
        return (oursCumulative - referenceCumulative) * 100.0 / referenceCumulative;
    }
}

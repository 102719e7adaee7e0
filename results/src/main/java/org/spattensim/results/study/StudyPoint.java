package org.spattensim.results.study;

import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.spatten.pipeline.SpattenRun;

/**
 * One simulated design on one workload, as the report tabulates it: the generic run, and for SpAtten designs the
 * SpAtten run as well (the ablation and roofline read its configuration); null for other designs.
 */
record StudyPoint(String workload, String model, AcceleratorRun run, SpattenRun spatten) {
    /** Operations executed: two per multiply-accumulate in Q×K and Prob×V. */
    double ops() {
        return run.ops();
    }
}

package org.spattensim.results.study;

import org.spattensim.accel.spatten.pipeline.SpattenRun;

/** One simulated design on one workload, as the report tabulates it. */
record StudyPoint(String workload, String model, SpattenRun run) {
    /** Operations executed: two per multiply-accumulate in Q×K and Prob×V. */
    double ops() {
        return 2.0 * (run.stats().counterValue("actions.qk_mac") + run.stats().counterValue("actions.pv_mac"));
    }
}

package org.spattensim.dse;

import org.spattensim.dse.space.DesignSpace;

/** Small analytic spaces with known Pareto fronts for the tests. */
public final class Spaces {
    private Spaces() {}

    /** Schaffer's problem on a grid: x in [-1, 3] step 0.25 (17 levels), y in [-1, 1] step 0.5 (5 levels). */
    public static DesignSpace schafferGrid(String extraModelSet) {
        return DesignSpace.parse("""
                name: schaffer
                model: {name: analytic-schaffer%s}
                parameters:
                  x: {type: real, min: -1, max: 3, step: 0.25}
                  y: {type: real, min: -1, max: 1, step: 0.5}
                objectives:
                  - {metric: f1}
                  - {metric: f2}
                """.formatted(extraModelSet == null ? "" : ", set: [" + extraModelSet + "]"), "schaffer-test");
    }

    /** Schaffer's problem with x0 >= 0.5 as a constraint and f1 as the GA's only objective. */
    public static DesignSpace schafferConstrained() {
        return DesignSpace.parse("""
                name: schaffer-constrained
                model: {name: analytic-schaffer}
                parameters:
                  x: {type: real, min: -1, max: 3, step: 0.125}
                  y: {type: int, min: -4, max: 4}
                  z: {type: choice, values: [-2, 0, 1.5]}
                constraints:
                  - {metric: x0, min: 0.5}
                objectives:
                  - {metric: f1, weight: 1}
                  - {metric: f2, weight: 0}
                """, "schaffer-constrained-test");
    }

    /** ZDT1 over 4 continuous parameters in [0, 1]. */
    public static DesignSpace zdt1() {
        return DesignSpace.parse("""
                name: zdt1
                model: {name: analytic-zdt1}
                parameters:
                  x0: {type: real, min: 0, max: 1}
                  x1: {type: real, min: 0, max: 1}
                  x2: {type: real, min: 0, max: 1}
                  x3: {type: real, min: 0, max: 1}
                objectives:
                  - {metric: f1}
                  - {metric: f2}
                """, "zdt1-test");
    }
}

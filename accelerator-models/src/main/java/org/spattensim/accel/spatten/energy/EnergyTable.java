package org.spattensim.accel.spatten.energy;

import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Presets;

/**
 * Energy per action (pJ) at a technology node, one preset per source (see presets/energy/). Swapping
 * the table changes the energy of a finished run without re-running its timing.
 */
public record EnergyTable(String name, int nodeNm, Map<String, Double> actions) {
    public static final String RESOURCE_DIR = "presets/energy";

    public EnergyTable {
        if (nodeNm <= 0) {
            throw InvalidInputException.of("", "nodeNm", "is " + nodeNm, "a positive technology node in nm");
        }
        for (Map.Entry<String, Double> e : actions.entrySet()) {
            if (!(e.getValue() >= 0)) {
                throw InvalidInputException.of("", "actions." + e.getKey(), "is " + e.getValue(), "a non-negative energy in pJ");
            }
        }
        actions = Map.copyOf(actions);
    }

    public static Presets<EnergyTable> presets() {
        return new Presets<>(EnergyTable.class, RESOURCE_DIR, "energy table");
    }

    /** Energy of one action at {@code targetNodeNm}, scaled from the table's node. */
    public double pj(String action, int targetNodeNm) {
        Double v = actions.get(action);
        if (v == null) {
            throw new InvalidInputException("energy table " + name + ": no entry for action '" + action
                    + "'; expected one of " + actions.keySet());
        }
        return v * scale(nodeNm, targetNodeNm);
    }

    /**
     * Dynamic energy scaling between nodes: E ~ C V^2 with C proportional to feature size and V held
     * constant, so E scales linearly with the node (our assumption; classical constant-voltage scaling,
     * optimistic below 28 nm where wires dominate).
     */
    public static double scale(int fromNm, int toNm) {
        return (double) toNm / fromNm;
    }
}

package org.spattensim.accel.spatten.energy;

import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Presets;
import org.spattensim.energy.EnergyCategory;
import org.spattensim.energy.EnergyTable;
import org.spattensim.energy.TechnologyScaling;

/**
 * An energy-per-action table as a YAML preset ({@code presets/energy/}): the node it was measured at and,
 * per component, its category and the price and source of each action. {@link #at} turns it into the
 * engine's {@link EnergyTable} at the design's node.
 *
 * @param nodeNm     feature size the prices are for
 * @param vdd        supply voltage the prices are for
 * @param components component name to its actions
 */
public record EnergyPreset(String name, int nodeNm, double vdd, Map<String, Component> components) {
    public static final String RESOURCE_DIR = "presets/energy";

    /** One component: its report category and its priced actions. */
    public record Component(EnergyCategory category, Map<String, Action> actions) {
        public Component {
            if (category == null) {
                throw InvalidInputException.of("energy preset", "category", "is missing", "LOGIC, SRAM or DRAM");
            }
            actions = Map.copyOf(actions);
        }
    }

    /** Price of one action in pJ and where the number comes from. */
    public record Action(double pj, String source) {
        public Action {
            if (!(pj >= 0) || !Double.isFinite(pj)) {
                throw InvalidInputException.of("energy preset", "pj", "is " + pj, "a finite energy >= 0 pJ");
            }
            if (source == null || source.isBlank()) {
                throw InvalidInputException.of("energy preset", "source", "is missing",
                        "the paper, datasheet or assumption the price comes from");
            }
        }
    }

    public EnergyPreset {
        if (nodeNm <= 0) {
            throw InvalidInputException.of("energy preset " + name, "nodeNm", "is " + nodeNm, "a positive technology node in nm");
        }
        if (!(vdd > 0) || !Double.isFinite(vdd)) {
            throw InvalidInputException.of("energy preset " + name, "vdd", "is " + vdd, "a supply voltage > 0 V");
        }
        if (components == null || components.isEmpty()) {
            throw InvalidInputException.of("energy preset " + name, "components", "is empty", "at least one priced component");
        }
        components = Map.copyOf(components);
    }

    public static Presets<EnergyPreset> presets() {
        return new Presets<>(EnergyPreset.class, RESOURCE_DIR, "energy table");
    }

    /** The default preset ({@code presets/energy/index.yaml}), parsed once. */
    public static EnergyPreset defaultPreset() {
        return Default.PRESET;
    }

    /**
     * The prices at {@code nodeNm}, scaled by {@link TechnologyScaling} at this table's voltage: energy then
     * scales linearly with the feature size (E = C V², C proportional to the node, V held), which is our
     * assumption (optimistic below 28 nm, where wires dominate).
     */
    public EnergyTable at(int targetNodeNm) {
        EnergyTable.Builder b = EnergyTable.builder(name + " @ " + nodeNm + " nm");
        components.forEach((component, c) -> c.actions().forEach((action, a) ->
                b.add(component, action, c.category(), a.pj(), a.source())));
        TechnologyScaling.Node from = new TechnologyScaling.Node(nodeNm, vdd);
        TechnologyScaling.Node to = new TechnologyScaling.Node(targetNodeNm, vdd);
        return TechnologyScaling.scale(b.build(), from, to, name + " scaled to " + targetNodeNm + " nm");
    }

    private static final class Default {
        static final EnergyPreset PRESET = presets().load("default").value();
    }
}

package org.spattensim.energy;

import org.spattensim.common.InvalidInputException;

/**
 * Scales area and energy per action between CMOS technology nodes (e.g. SpAtten's 40 nm to 28, 16
 * or 7 nm) with the classical constant-field (Dennard) rules:
 *
 * <pre>
 *   area factor   = (L_to / L_from)^2
 *   energy factor = (L_to / L_from) * (Vdd_to / Vdd_from)^2      (E = C * Vdd^2, C proportional to L)
 *   delay factor  = (L_to / L_from)
 * </pre>
 *
 * where L is the node's feature size in nm and Vdd its supply voltage.
 *
 * <p>Source and caveat: these are the textbook scaling rules (R. H. Dennard et al., "Design of
 * ion-implanted MOSFETs with very small physical dimensions", IEEE JSSC 9(5), 1974). A. Stillmaker
 * and B. Baas, "Scaling equations for the accurate prediction of CMOS device performance from 180 nm
 * to 7 nm", Integration, the VLSI Journal 58:74-81, 2017, show that in deep-submicron nodes the
 * classical equations can differ by up to 83x from PTM/ITRS-based predictions, and fit per-node
 * polynomials instead. We could not read and verify their per-node coefficient tables (and their
 * node list has no 40 nm or 28 nm entry), so this helper uses the classical rule: that choice is
 * <b>our assumption</b>. Expect it to be optimistic below about 20 nm (real area and energy shrink
 * less). The nominal voltages of the predefined nodes are also our assumption (typical core supplies
 * of those processes), not foundry data; pass your own {@link Node} for anything that matters.
 */
public final class TechnologyScaling {
    /** A technology node: feature size in nm and nominal supply voltage in V. */
    public record Node(double nanometres, double vdd) {
        public Node {
            if (!(nanometres > 0) || !Double.isFinite(nanometres)) {
                throw InvalidInputException.of("technology node", "nanometres", "is " + nanometres, "a size > 0 nm");
            }
            if (!(vdd > 0) || !Double.isFinite(vdd)) {
                throw InvalidInputException.of("technology node", "vdd", "is " + vdd, "a voltage > 0 V");
            }
        }
    }

    /** 40 nm at 1.1 V: SpAtten's node (docs/reference/spatten-facts.md); 1.1 V is our assumption (typical 40 nm core supply). */
    public static final Node NM40 = new Node(40, 1.1);
    /** 28 nm at 0.9 V; voltage is our assumption. */
    public static final Node NM28 = new Node(28, 0.9);
    /** 16 nm at 0.8 V; voltage is our assumption. */
    public static final Node NM16 = new Node(16, 0.8);
    /** 7 nm at 0.75 V; voltage is our assumption. */
    public static final Node NM7 = new Node(7, 0.75);

    private TechnologyScaling() {
    }

    /** Area multiplier from {@code from} to {@code to}: {@code (L_to / L_from)^2}. */
    public static double areaFactor(Node from, Node to) {
        double s = to.nanometres() / from.nanometres();
        return s * s;
    }

    /** Energy-per-action multiplier: {@code (L_to / L_from) * (Vdd_to / Vdd_from)^2}. */
    public static double energyFactor(Node from, Node to) {
        double v = to.vdd() / from.vdd();
        return to.nanometres() / from.nanometres() * v * v;
    }

    /** Gate-delay multiplier: {@code L_to / L_from}. */
    public static double delayFactor(Node from, Node to) {
        return to.nanometres() / from.nanometres();
    }

    /** {@code table} re-priced for node {@code to}. */
    public static EnergyTable scale(EnergyTable table, Node from, Node to, String newTechnology) {
        return table.scaled(newTechnology, energyFactor(from, to), describe(from, to, "energy"));
    }

    /** {@code table} re-sized for node {@code to}. */
    public static AreaTable scale(AreaTable table, Node from, Node to, String newTechnology) {
        return table.scaled(newTechnology, areaFactor(from, to), describe(from, to, "area"));
    }

    private static String describe(Node from, Node to, String what) {
        return "classical " + what + " scaling " + from.nanometres() + " nm/" + from.vdd() + " V -> "
                + to.nanometres() + " nm/" + to.vdd() + " V (TechnologyScaling, our assumption)";
    }
}

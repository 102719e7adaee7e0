package org.spattensim.stats;

import java.util.List;

/**
 * A named statistic: a hierarchical dotted name ({@code spatten.qk.busy_cycles}), a unit and a
 * description. Created only through {@link StatsRegistry}.
 */
public abstract sealed class Stat permits Counter, Scalar, Distribution {
    private final String name;
    private final String unit;
    private final String description;

    Stat(String name, String unit, String description) {
        this.name = name;
        this.unit = unit;
        this.description = description;
    }

    public final String name() {
        return name;
    }

    public final String unit() {
        return unit;
    }

    public final String description() {
        return description;
    }

    /** Refuses an update of a stat whose value comes from a supplier. */
    final void checkOwned(boolean derived) {
        if (derived) {
            throw new IllegalStateException("stat " + name + " is derived from a supplier and cannot be updated");
        }
    }

    /** The rows this stat contributes to a CSV dump (one, or several for a distribution). */
    abstract List<StatRow> rows();
}

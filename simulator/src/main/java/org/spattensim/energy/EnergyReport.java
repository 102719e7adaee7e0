package org.spattensim.energy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.stats.StatsRegistry;

/**
 * Energy of a run: {@link EnergyTable} x {@link ActionCounts}, with totals by component and by
 * category. Every counted action must have a price in the table (a missing one is an error naming
 * it, never a silent zero); priced actions that were never counted cost nothing.
 */
public final class EnergyReport {
    /** One priced count: {@code count x picojoulesPerAction = picojoules}. */
    public record Line(String component, String action, EnergyCategory category, long count,
            double picojoulesPerAction, double picojoules, String source) {
    }

    private final String technology;
    private final List<Line> lines;
    private final Map<String, Double> byComponent;
    private final Map<EnergyCategory, Double> byCategory;
    private final double totalPicojoules;

    private EnergyReport(String technology, List<Line> lines) {
        this.technology = technology;
        this.lines = Collections.unmodifiableList(lines);
        Map<String, Double> comp = new TreeMap<>();
        Map<EnergyCategory, Double> cat = new EnumMap<>(EnergyCategory.class);
        for (EnergyCategory c : EnergyCategory.values()) {
            cat.put(c, 0.0);
        }
        double total = 0;
        for (Line l : lines) {
            comp.merge(l.component(), l.picojoules(), Double::sum);
            cat.merge(l.category(), l.picojoules(), Double::sum);
            total += l.picojoules();
        }
        this.byComponent = Collections.unmodifiableMap(comp);
        this.byCategory = Collections.unmodifiableMap(cat);
        this.totalPicojoules = total;
    }

    /** Prices {@code counts} with {@code table}. */
    public static EnergyReport of(EnergyTable table, ActionCounts counts) {
        List<Line> lines = new ArrayList<>();
        for (ActionCounts.Entry c : counts.entries()) {
            EnergyTable.Entry e = table.entry(c.component(), c.action());
            lines.add(new Line(c.component(), c.action(), e.category(), c.count(), e.picojoules(),
                    c.count() * e.picojoules(), e.source()));
        }
        return new EnergyReport(table.technology(), lines);
    }

    public String technology() {
        return technology;
    }

    /** One line per counted (component, action), sorted. */
    public List<Line> lines() {
        return lines;
    }

    public double totalPicojoules() {
        return totalPicojoules;
    }

    /** Total energy per component, sorted by name. */
    public Map<String, Double> byComponent() {
        return byComponent;
    }

    /** Total energy per category (every category present, 0 if unused). */
    public Map<EnergyCategory, Double> byCategory() {
        return byCategory;
    }

    /** Average power in watts over a run of {@code seconds}. */
    public double averagePowerWatts(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("run time must be > 0 s, was " + seconds);
        }
        return totalPicojoules * 1e-12 / seconds;
    }

    /**
     * Registers {@code <prefix>.total}, {@code <prefix>.category.<logic|sram|dram>} and
     * {@code <prefix>.component.<component>} scalars in pJ.
     */
    public void registerStats(StatsRegistry stats, String prefix) {
        stats.scalarOf(prefix + ".total", "pJ", "total energy (" + technology + ")", this::totalPicojoules);
        for (EnergyCategory c : EnergyCategory.values()) {
            double v = byCategory.get(c);
            stats.scalarOf(prefix + ".category." + c.name().toLowerCase(), "pJ",
                    c.name().toLowerCase() + " energy (" + technology + ")", () -> v);
        }
        byComponent.forEach((comp, v) -> stats.scalarOf(prefix + ".component." + comp, "pJ",
                "energy of " + comp + " (" + technology + ")", () -> v));
    }
}

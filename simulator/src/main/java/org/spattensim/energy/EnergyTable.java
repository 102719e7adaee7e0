package org.spattensim.energy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.common.InvalidInputException;

/**
 * Energy per action, Accelergy-style: (component, action) -> picojoules per action, each entry with
 * the source of its number. It holds no counts: the same {@link ActionCounts} from one timing run can
 * be priced with tables for different technologies ({@link EnergyReport#of}).
 *
 * <p>Immutable; build with {@link #builder(String)}.
 */
public final class EnergyTable {
    /** One priced action. */
    public record Entry(String component, String action, EnergyCategory category, double picojoules, String source) {
    }

    private final String technology;
    private final Map<String, Map<String, Entry>> entries;

    private EnergyTable(String technology, Map<String, Map<String, Entry>> entries) {
        this.technology = technology;
        this.entries = entries;
    }

    /** @param technology what the numbers are for, e.g. {@code "TSMC 40 nm, 1 GHz"} */
    public static Builder builder(String technology) {
        return new Builder(technology);
    }

    public String technology() {
        return technology;
    }

    /** True if {@code component} has a price for {@code action}. */
    public boolean contains(String component, String action) {
        Map<String, Entry> m = entries.get(component);
        return m != null && m.containsKey(action);
    }

    /** The entry for (component, action); throws naming both if absent. */
    public Entry entry(String component, String action) {
        Map<String, Entry> m = entries.get(component);
        Entry e = m == null ? null : m.get(action);
        if (e == null) {
            throw InvalidInputException.of("energy table '" + technology + "'", component + "." + action,
                    "has no energy per action", "an entry for every counted action");
        }
        return e;
    }

    /** Picojoules per action of (component, action). */
    public double picojoules(String component, String action) {
        return entry(component, action).picojoules();
    }

    /** All entries, sorted by component then action. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Map<String, Entry> m : entries.values()) {
            out.addAll(m.values());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A copy with every energy multiplied by {@code factor} (for instance a
     * {@link TechnologyScaling} factor), each source annotated with {@code why}.
     */
    public EnergyTable scaled(String newTechnology, double factor, String why) {
        Builder b = builder(newTechnology);
        for (Entry e : entries()) {
            b.add(e.component(), e.action(), e.category(), e.picojoules() * factor, e.source() + "; x" + factor + " " + why);
        }
        return b.build();
    }

    /** Builds an {@link EnergyTable}; rejects duplicates, negative or non-finite energies and empty sources. */
    public static final class Builder {
        private final String technology;
        private final Map<String, Map<String, Entry>> entries = new TreeMap<>();
        private final Map<String, EnergyCategory> categories = new TreeMap<>();

        private Builder(String technology) {
            if (technology == null || technology.isBlank()) {
                throw InvalidInputException.of("EnergyTable", "technology", "is empty", "a technology description");
            }
            this.technology = technology;
        }

        /**
         * Adds the energy of one action.
         *
         * @param picojoules energy per action in pJ, finite and {@code >= 0}
         * @param source where the number comes from (paper and table, datasheet, or "our assumption: why")
         */
        public Builder add(String component, String action, EnergyCategory category, double picojoules, String source) {
            String src = "energy table '" + technology + "'";
            if (component == null || component.isBlank() || action == null || action.isBlank()) {
                throw InvalidInputException.of(src, "component/action", "is empty", "non-empty names");
            }
            String key = component + "." + action;
            if (category == null) {
                throw InvalidInputException.of(src, key, "has no category", "LOGIC, SRAM or DRAM");
            }
            if (!Double.isFinite(picojoules) || picojoules < 0) {
                throw InvalidInputException.of(src, key, "energy is " + picojoules + " pJ", "a finite value >= 0 pJ");
            }
            if (source == null || source.isBlank()) {
                throw InvalidInputException.of(src, key, "has no source", "the paper, datasheet or assumption it comes from");
            }
            EnergyCategory prev = categories.putIfAbsent(component, category);
            if (prev != null && prev != category) {
                throw InvalidInputException.of(src, key, "category " + category + " differs from " + prev
                        + " given earlier for " + component, "one category per component");
            }
            Map<String, Entry> m = entries.computeIfAbsent(component, c -> new TreeMap<>());
            if (m.containsKey(action)) {
                throw InvalidInputException.of(src, key, "is defined twice", "one entry per (component, action)");
            }
            m.put(action, new Entry(component, action, category, picojoules, source));
            return this;
        }

        public EnergyTable build() {
            Map<String, Map<String, Entry>> copy = new TreeMap<>();
            entries.forEach((c, m) -> copy.put(c, Collections.unmodifiableMap(new TreeMap<>(m))));
            return new EnergyTable(technology, Collections.unmodifiableMap(copy));
        }
    }
}

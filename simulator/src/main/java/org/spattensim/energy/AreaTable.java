package org.spattensim.energy;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.common.InvalidInputException;

/** Area per component in mm², each with its source. Immutable; build with {@link #builder(String)}. */
public final class AreaTable {
    /** Area of one component. */
    public record Entry(String component, double mm2, String source) {
    }

    private final String technology;
    private final Map<String, Entry> entries;

    private AreaTable(String technology, Map<String, Entry> entries) {
        this.technology = technology;
        this.entries = entries;
    }

    public static Builder builder(String technology) {
        return new Builder(technology);
    }

    public String technology() {
        return technology;
    }

    /** Area of {@code component} in mm²; throws naming it if absent. */
    public double mm2(String component) {
        Entry e = entries.get(component);
        if (e == null) {
            throw InvalidInputException.of("area table '" + technology + "'", component, "has no area", "an entry");
        }
        return e.mm2();
    }

    /** Sum of all components, mm². */
    public double totalMm2() {
        double t = 0;
        for (Entry e : entries.values()) {
            t += e.mm2();
        }
        return t;
    }

    /** Entries by component name, sorted. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** A copy with every area multiplied by {@code factor} (e.g. {@link TechnologyScaling#areaFactor}). */
    public AreaTable scaled(String newTechnology, double factor, String why) {
        Builder b = builder(newTechnology);
        entries.values().forEach(e -> b.add(e.component(), e.mm2() * factor, e.source() + "; x" + factor + " " + why));
        return b.build();
    }

    /** Builds an {@link AreaTable}; rejects duplicates, negative or non-finite areas and empty sources. */
    public static final class Builder {
        private final String technology;
        private final Map<String, Entry> entries = new TreeMap<>();

        private Builder(String technology) {
            if (technology == null || technology.isBlank()) {
                throw InvalidInputException.of("AreaTable", "technology", "is empty", "a technology description");
            }
            this.technology = technology;
        }

        public Builder add(String component, double mm2, String source) {
            String src = "area table '" + technology + "'";
            if (component == null || component.isBlank()) {
                throw InvalidInputException.of(src, "component", "is empty", "a component name");
            }
            if (!Double.isFinite(mm2) || mm2 < 0) {
                throw InvalidInputException.of(src, component, "area is " + mm2 + " mm2", "a finite value >= 0 mm2");
            }
            if (source == null || source.isBlank()) {
                throw InvalidInputException.of(src, component, "has no source", "the paper, datasheet or assumption");
            }
            if (entries.putIfAbsent(component, new Entry(component, mm2, source)) != null) {
                throw InvalidInputException.of(src, component, "is defined twice", "one entry per component");
            }
            return this;
        }

        public AreaTable build() {
            return new AreaTable(technology, Collections.unmodifiableMap(new TreeMap<>(entries)));
        }
    }
}

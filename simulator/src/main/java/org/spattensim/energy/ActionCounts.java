package org.spattensim.energy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.common.InvalidInputException;

/**
 * How many times each (component, action) happened in a run, kept apart from what an action costs
 * ({@link EnergyTable}). Hot loops should count in their own {@code long} fields, or hold a
 * {@link Tally} from {@link #tally(String, String)}, and avoid the map lookup of {@link #add}.
 * Not thread-safe: one per simulation.
 */
public final class ActionCounts {
    /** A mutable count for one (component, action). */
    public static final class Tally {
        private long count;

        public void add(long n) {
            count += n;
        }

        public void increment() {
            count++;
        }

        public long count() {
            return count;
        }
    }

    /** One counted action. */
    public record Entry(String component, String action, long count) {
    }

    private final Map<String, Map<String, Tally>> counts = new TreeMap<>();

    /** The tally for (component, action), created at zero if absent. */
    public Tally tally(String component, String action) {
        if (component == null || component.isBlank() || action == null || action.isBlank()) {
            throw InvalidInputException.of("action counts", "component/action", "is empty", "non-empty names");
        }
        return counts.computeIfAbsent(component, c -> new TreeMap<>()).computeIfAbsent(action, a -> new Tally());
    }

    /** Adds {@code n >= 0} actions. */
    public void add(String component, String action, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(component + "." + action + ": count must be >= 0, was " + n);
        }
        tally(component, action).add(n);
    }

    /** Count of (component, action), 0 if never counted. */
    public long count(String component, String action) {
        Map<String, Tally> m = counts.get(component);
        Tally t = m == null ? null : m.get(action);
        return t == null ? 0 : t.count();
    }

    /** Adds every count of {@code other} to this. */
    public void addAll(ActionCounts other) {
        for (Entry e : other.entries()) {
            add(e.component(), e.action(), e.count());
        }
    }

    /** All counts, sorted by component then action. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        counts.forEach((c, m) -> m.forEach((a, t) -> out.add(new Entry(c, a, t.count()))));
        return Collections.unmodifiableList(out);
    }
}

package org.spattensim.stats;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * An integer statistic. Either owned (updated with {@link #add(long)}) or derived (read from a
 * supplier when dumped, so hot code can keep a plain {@code long} field).
 */
public final class Counter extends Stat {
    private final LongSupplier source;
    private long value;

    Counter(String name, String unit, String description, LongSupplier source) {
        super(name, unit, description);
        this.source = source;
    }

    public void increment() {
        add(1);
    }

    public void add(long delta) {
        checkOwned(source != null);
        value += delta;
    }

    public void set(long newValue) {
        checkOwned(source != null);
        value = newValue;
    }

    public long value() {
        return source != null ? source.getAsLong() : value;
    }

    @Override
    List<StatRow> rows() {
        return List.of(new StatRow(name(), value(), unit(), description()));
    }
}

package org.spattensim.stats;

import java.util.List;
import java.util.function.DoubleSupplier;

/** A real-valued statistic, owned ({@link #set(double)}) or derived from a supplier when dumped. */
public final class Scalar extends Stat {
    private final DoubleSupplier source;
    private double value;

    Scalar(String name, String unit, String description, DoubleSupplier source) {
        super(name, unit, description);
        this.source = source;
    }

    public void set(double newValue) {
        checkOwned(source != null);
        value = newValue;
    }

    public void add(double delta) {
        checkOwned(source != null);
        value += delta;
    }

    public double value() {
        return source != null ? source.getAsDouble() : value;
    }

    @Override
    List<StatRow> rows() {
        return List.of(new StatRow(name(), value(), unit(), description()));
    }
}

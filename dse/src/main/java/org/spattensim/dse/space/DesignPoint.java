package org.spattensim.dse.space;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One design point: parameter name to value, in the design space's parameter order. Its {@link #key()}
 * is a canonical text form (exact: doubles print with {@link Double#toString}) used as the cache key of
 * the results store, so equal points are evaluated once.
 */
public final class DesignPoint implements Serializable {
    private static final long serialVersionUID = 1L;
    private final LinkedHashMap<String, Object> values;
    private final String key;

    public DesignPoint(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : this.values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":").append(literal(e.getValue()));
        }
        this.key = sb.append('}').toString();
    }

    /** JSON literal of a parameter value. */
    static String literal(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        throw new IllegalArgumentException("unsupported parameter value " + v + " (" + (v == null ? "null" : v.getClass()) + ")");
    }

    /** The parameter values, in parameter order (unmodifiable). */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public Object get(String name) {
        return values.get(name);
    }

    /** Numeric value of a parameter ({@code NaN} for a name). */
    public double number(String name) {
        Object v = values.get(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Canonical JSON text, e.g. {@code {"multipliers":128,"threshold":0.05,"dram":"HBM2"}}. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignPoint p && p.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}

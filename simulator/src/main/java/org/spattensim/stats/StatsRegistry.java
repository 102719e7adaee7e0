package org.spattensim.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.spattensim.common.InvalidInputException;

/**
 * All statistics of one simulation, each with a unique hierarchical dotted name, a unit and a
 * description (as DRAMsim3 registers its stats). Dumps as CSV ({@code name,value,unit,description})
 * and JSON, both sorted by name so that the same run gives the same bytes.
 *
 * <p>Hot code should keep plain {@code long} fields and register them with
 * {@link #counterOf(String, String, String, LongSupplier)}; the supplier is read at dump time.
 * A registry is not thread-safe: use one per simulation.
 */
public final class StatsRegistry {
    /** Segments of letters, digits, '_' or '-', separated by single dots. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String CSV_HEADER = "name,value,unit,description";

    private final TreeMap<String, Stat> stats = new TreeMap<>();
    private final Set<String> rowNames = new HashSet<>();

    /** An owned integer counter. */
    public Counter counter(String name, String unit, String description) {
        return register(new Counter(name, unit, description, null));
    }

    /** A counter whose value is read from {@code source} when dumped or looked up. */
    public Counter counterOf(String name, String unit, String description, LongSupplier source) {
        if (source == null) {
            throw new IllegalArgumentException("stat " + name + ": source must not be null");
        }
        return register(new Counter(name, unit, description, source));
    }

    /** An owned real-valued scalar. */
    public Scalar scalar(String name, String unit, String description) {
        return register(new Scalar(name, unit, description, null));
    }

    /** A scalar whose value is read from {@code source} when dumped or looked up (ratios, rates). */
    public Scalar scalarOf(String name, String unit, String description, DoubleSupplier source) {
        if (source == null) {
            throw new IllegalArgumentException("stat " + name + ": source must not be null");
        }
        return register(new Scalar(name, unit, description, source));
    }

    /** A distribution of samples, dumped as count, mean, min, p50, p99 and max. */
    public Distribution distribution(String name, String unit, String description) {
        return register(new Distribution(name, unit, description));
    }

    private <S extends Stat> S register(S stat) {
        String name = stat.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw InvalidInputException.of("stats", "name", "'" + name + "' is not a valid stat name",
                    "dot-separated segments of letters, digits, '_' or '-', e.g. spatten.qk.busy_cycles");
        }
        if (stat.unit() == null || stat.unit().isBlank()) {
            throw InvalidInputException.of("stats", name, "unit is empty", "a unit such as cycles, bytes, pJ or ratio");
        }
        if (stat.description() == null || stat.description().isBlank()) {
            throw InvalidInputException.of("stats", name, "description is empty", "a one-line description");
        }
        List<StatRow> rows = stat.rows();
        for (StatRow row : rows) {
            if (stats.containsKey(row.name()) || rowNames.contains(row.name())) {
                throw InvalidInputException.of("stats", row.name(), "is already registered", "each stat name registered once");
            }
        }
        if (rowNames.contains(name)) {
            throw InvalidInputException.of("stats", name, "is already registered", "each stat name registered once");
        }
        for (StatRow row : rows) {
            rowNames.add(row.name());
        }
        stats.put(name, stat);
        return stat;
    }

    /** True if a stat with exactly this name is registered. */
    public boolean contains(String name) {
        return stats.containsKey(name);
    }

    /** The stat with this name; throws naming the stat if it is not registered. */
    public Stat get(String name) {
        Stat s = stats.get(name);
        if (s == null) {
            throw InvalidInputException.of("stats", name, "no such stat", "one of " + stats.size() + " registered names");
        }
        return s;
    }

    /** Value of a counter. */
    public long counterValue(String name) {
        if (get(name) instanceof Counter c) {
            return c.value();
        }
        throw new IllegalArgumentException("stat " + name + " is not a counter");
    }

    /** Value of a counter or scalar as a double. */
    public double value(String name) {
        Stat s = get(name);
        if (s instanceof Counter c) {
            return c.value();
        }
        if (s instanceof Scalar sc) {
            return sc.value();
        }
        throw new IllegalArgumentException("stat " + name + " is a distribution; use distribution(name)");
    }

    /** The distribution with this name. */
    public Distribution distribution(String name) {
        if (get(name) instanceof Distribution d) {
            return d;
        }
        throw new IllegalArgumentException("stat " + name + " is not a distribution");
    }

    /** All stats sorted by name. */
    public Collection<Stat> all() {
        return Collections.unmodifiableCollection(stats.values());
    }

    public int size() {
        return stats.size();
    }

    /** Flattened dump rows sorted by stat name (a distribution expands into six rows). */
    public List<StatRow> rows() {
        List<StatRow> out = new ArrayList<>();
        for (Stat s : stats.values()) {
            out.addAll(s.rows());
        }
        return out;
    }

    /** CSV with header {@code name,value,unit,description}, RFC 4180 quoting. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (StatRow r : rows()) {
            sb.append(StatsCsv.row(r.name(), formatNumber(r.value()), r.unit(), r.description()));
        }
        return sb.toString();
    }

    /**
     * JSON object keyed by stat name (sorted); each value holds {@code kind}, {@code unit},
     * {@code description} and either {@code value} or, for a distribution, {@code count},
     * {@code mean}, {@code min}, {@code p50}, {@code p99}, {@code max}.
     */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        for (Stat s : stats.values()) {
            ObjectNode n = root.putObject(s.name());
            if (s instanceof Counter c) {
                n.put("kind", "counter");
                n.put("value", c.value());
            } else if (s instanceof Scalar sc) {
                n.put("kind", "scalar");
                n.put("value", sc.value());
            } else if (s instanceof Distribution d) {
                n.put("kind", "distribution");
                n.put("count", d.count());
                n.put("mean", d.mean());
                n.put("min", d.min());
                n.put("p50", d.p50());
                n.put("p99", d.p99());
                n.put("max", d.max());
            }
            n.put("unit", s.unit());
            n.put("description", s.description());
        }
        return root;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toCsv()} to {@code file} (UTF-8). */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    /** Writes {@link #toJson()} to {@code file} (UTF-8). */
    public void writeJson(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** Parses a CSV dump back into rows; {@code source} names the input in error messages. */
    public static List<StatRow> readCsv(String csv, String source) {
        return StatsCsv.parse(csv, source);
    }

    /** Parses a JSON dump back into the same rows {@link #rows()} gives. */
    public static List<StatRow> readJson(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.of(source, "", "top level is not a JSON object", "an object keyed by stat name");
        }
        List<StatRow> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode n = e.getValue();
            String kind = text(n, "kind", source, name);
            String unit = text(n, "unit", source, name);
            String desc = text(n, "description", source, name);
            switch (kind) {
                case "counter" -> out.add(new StatRow(name, field(n, "value", source, name).asLong(), unit, desc));
                case "scalar" -> out.add(new StatRow(name, number(n, "value", source, name), unit, desc));
                case "distribution" -> {
                    out.add(new StatRow(name + ".count", field(n, "count", source, name).asLong(), "samples",
                            desc + " (number of samples)"));
                    out.add(new StatRow(name + ".mean", number(n, "mean", source, name), unit, desc + " (mean)"));
                    out.add(new StatRow(name + ".min", number(n, "min", source, name), unit, desc + " (minimum)"));
                    out.add(new StatRow(name + ".p50", number(n, "p50", source, name), unit, desc + " (median)"));
                    out.add(new StatRow(name + ".p99", number(n, "p99", source, name), unit, desc + " (99th percentile)"));
                    out.add(new StatRow(name + ".max", number(n, "max", source, name), unit, desc + " (maximum)"));
                }
                default -> throw InvalidInputException.of(source, name + ".kind", "is '" + kind + "'",
                        "counter, scalar or distribution");
            }
        }
        return out;
    }

    private static JsonNode field(JsonNode n, String key, String source, String name) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw InvalidInputException.of(source, name + "." + key, "is missing", "a value");
        }
        return v;
    }

    private static String text(JsonNode n, String key, String source, String name) {
        return field(n, key, source, name).asText();
    }

    private static double number(JsonNode n, String key, String source, String name) {
        JsonNode v = field(n, key, source, name);
        // Jackson writes NaN and infinities as strings.
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    static String formatNumber(Number v) {
        return v instanceof Long ? Long.toString(v.longValue()) : Double.toString(v.doubleValue());
    }
}

package org.spattensim.dse.space;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spattensim.common.InvalidInputException;

/**
 * A design space: the model it explores (a name the evaluator registry knows, a base preset and fixed
 * overrides), named parameters, constraints and objectives. Load one with {@link #load(Path)} or
 * {@link #parse(String, String)}; build one in Java with the constructor.
 */
public final class DesignSpace implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String description;
    private final ModelRef model;
    private final List<Parameter> parameters;
    private final List<MetricConstraint> constraints;
    private final List<Objective> objectives;
    private final String yaml;

    /**
     * Which model a space explores.
     *
     * @param name  evaluator name in {@code org.spattensim.dse.Evaluators} ({@code spatten}, {@code analytic-schaffer}, ...)
     * @param base  base preset of the model the points override (e.g. {@code spatten-1/8}); may be empty
     * @param set   fixed {@code key=value} overrides applied before the point's values
     */
    public record ModelRef(String name, String base, List<String> set) implements Serializable {
        public ModelRef {
            if (name == null || name.isBlank()) {
                throw InvalidInputException.of("design space", "model.name", "is empty", "an evaluator name");
            }
            base = base == null ? "" : base;
            set = set == null ? List.of() : List.copyOf(set);
        }
    }

    /** Columns every result table has besides parameters and metrics. */
    public static final List<String> RESERVED_COLUMNS = List.of("feasible", "violation", "error");

    public DesignSpace(String name, String description, ModelRef model, List<Parameter> parameters,
                       List<MetricConstraint> constraints, List<Objective> objectives, String yaml) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("design space", "name", "is empty", "a name");
        }
        if (parameters.isEmpty()) {
            throw InvalidInputException.of("design space " + name, "parameters", "is empty", "at least one parameter");
        }
        if (objectives.isEmpty()) {
            throw InvalidInputException.of("design space " + name, "objectives", "is empty", "at least one objective");
        }
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw InvalidInputException.of("design space " + name, "parameters." + p.name(), "duplicate", "unique names");
            }
        }
        Set<String> metrics = new HashSet<>();
        for (Objective o : objectives) {
            if (!metrics.add(o.metric())) {
                throw InvalidInputException.of("design space " + name, "objectives." + o.metric(), "duplicate",
                        "each metric once");
            }
        }
        // Parameters, metrics and the result table's own columns share one table (evaluations.csv, front.csv).
        List<String> named = new java.util.ArrayList<>(metrics);
        constraints.forEach(c -> named.add(c.metric()));
        for (String m : named) {
            if (seen.contains(m) || RESERVED_COLUMNS.contains(m)) {
                throw InvalidInputException.of("design space " + name, "objectives/constraints: " + m,
                        seen.contains(m) ? "also the name of a parameter" : "a name the result table uses itself",
                        "a metric name that is not a parameter name nor one of " + RESERVED_COLUMNS);
            }
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.model = model;
        this.parameters = List.copyOf(parameters);
        this.constraints = List.copyOf(constraints);
        this.objectives = List.copyOf(objectives);
        this.yaml = yaml == null ? "" : yaml;
    }

    /** Loads a space from a YAML file; unknown keys are rejected with the file and key named. */
    public static DesignSpace load(Path file) {
        return DesignSpaceYaml.load(file);
    }

    /** Loads a bundled space ({@code spaces/<name>.yaml} on the classpath) or, failing that, a file. */
    public static DesignSpace loadNamedOrFile(String nameOrFile) {
        return DesignSpaceYaml.loadNamedOrFile(nameOrFile);
    }

    /** Parses YAML text; {@code source} names it in errors. */
    public static DesignSpace parse(String yaml, String source) {
        return DesignSpaceYaml.parse(yaml, source);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public ModelRef model() {
        return model;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public List<MetricConstraint> constraints() {
        return constraints;
    }

    public List<Objective> objectives() {
        return objectives;
    }

    /**
     * The same space evaluated by another model (e.g. the cycle-level model that confirms a fast model's front).
     * Built in Java, so it has no YAML and its own {@link #hash()}.
     */
    public DesignSpace withModelName(String modelName) {
        return new DesignSpace(name, description, new ModelRef(modelName, model.base(), model.set()), parameters,
                constraints, objectives, "");
    }

    /** The YAML this space was read from ("" when built in Java); stored with results so a run can resume. */
    public String yaml() {
        return yaml;
    }

    /** SHA-256 of the YAML text (or of the parameter list when built in Java). */
    public String hash() {
        return sha256(yaml.isEmpty() ? parameters + "|" + constraints + "|" + objectives + "|" + model : yaml);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes one gene per parameter, each in [0, 1), into a point. */
    public DesignPoint decode(double[] u) {
        if (u.length != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " genes, got " + u.length);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < u.length; i++) {
            v.put(parameters.get(i).name(), parameters.get(i).decode(u[i]));
        }
        return new DesignPoint(v);
    }

    /** The overrides a point sets: {@code model.set} first, then each parameter's keys. */
    public List<String> overrides(DesignPoint point) {
        List<String> sets = new ArrayList<>(model.set());
        for (Parameter p : parameters) {
            Object v = point.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("point " + point + " has no value for " + p.name());
            }
            String text = v instanceof String s ? s : DesignPoint.literal(v);
            for (String k : p.keys()) {
                sets.add(k + "=" + text);
            }
        }
        return sets;
    }

    /** Objectives (in declaration order, natural units) and constraint violation of the metrics of a point. */
    public Assessment assess(Map<String, Double> metrics) {
        double[] obj = new double[objectives.size()];
        for (int i = 0; i < obj.length; i++) {
            Double v = metrics.get(objectives.get(i).metric());
            if (v == null) {
                throw new IllegalStateException("the evaluator reported no metric '" + objectives.get(i).metric()
                        + "' (objective of space " + name + "); it reports " + metrics.keySet());
            }
            obj[i] = v;
        }
        double violation = 0;
        for (MetricConstraint c : constraints) {
            Double v = metrics.get(c.metric());
            if (v == null) {
                throw new IllegalStateException("the evaluator reported no metric '" + c.metric()
                        + "' (constraint of space " + name + "); it reports " + metrics.keySet());
            }
            violation += c.violation(v);
        }
        return new Assessment(obj, violation);
    }

    /** Metric names the space needs from an evaluator. */
    public Set<String> requiredMetrics() {
        Set<String> s = new java.util.LinkedHashSet<>();
        objectives.forEach(o -> s.add(o.metric()));
        constraints.forEach(c -> s.add(c.metric()));
        return s;
    }

    /**
     * Objectives and constraint violation of one point.
     *
     * @param objectives objective values in natural units, in the space's order
     * @param violation  0 when feasible, else the summed relative excess over the bounds
     */
    public record Assessment(double[] objectives, double violation) {}

    @Override
    public String toString() {
        return "DesignSpace[" + name + ", " + parameters.size() + " parameters, " + objectives.size() + " objectives]";
    }
}

package org.spattensim.dse.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Default;
import org.spattensim.config.YamlConfig;

/** The YAML form of a {@link DesignSpace}, bound strictly with the config loader (unknown keys rejected). */
final class DesignSpaceYaml {
    private DesignSpaceYaml() {}

    enum Kind { INT, REAL, CHOICE }

    record SpaceFile(String name, @Default("''") String description, ModelFile model,
                     Map<String, ParameterFile> parameters, @Default("[]") List<ConstraintFile> constraints,
                     List<ObjectiveFile> objectives) {}

    record ModelFile(String name, @Default("''") String base, @Default("[]") List<String> set) {}

    /**
     * @param type   int, real or choice
     * @param keys   configuration keys (default: the parameter name itself)
     * @param min    range minimum (int, real)
     * @param max    range maximum (int, real)
     * @param step   step (int: default 1; real: default 0 = continuous)
     * @param log    log scale
     * @param factor ratio between levels of a log-scale int range (default 2)
     * @param values choices
     */
    record ParameterFile(Kind type, Optional<List<String>> keys, Optional<Double> min, Optional<Double> max,
                         Optional<Double> step, @Default("false") boolean log, @Default("2") double factor,
                         Optional<List<JsonNode>> values) {}

    record ConstraintFile(String metric, Optional<Double> max, Optional<Double> min) {}

    record ObjectiveFile(String metric, @Default("minimize") Objective.Direction direction,
                         @Default("1") double weight) {}

    static DesignSpace load(Path file) {
        org.spattensim.common.InputFiles.requireRegular(file, "a design-space YAML file");
        String text;
        try {
            if (Files.size(file) > org.spattensim.config.YamlConfig.MAX_BYTES) {
                throw org.spattensim.common.InvalidInputException.of(file.toString(), null, "is " + Files.size(file)
                        + " bytes", "a design space of at most " + org.spattensim.config.YamlConfig.MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": design space file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static DesignSpace loadNamedOrFile(String nameOrFile) {
        String resource = "spaces/" + nameOrFile + (nameOrFile.endsWith(".yaml") ? "" : ".yaml");
        InputStream in = DesignSpaceYaml.class.getClassLoader().getResourceAsStream(resource);
        if (in != null && !Files.exists(Path.of(nameOrFile))) {
            try (in) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
            } catch (IOException e) {
                throw new InvalidInputException("classpath:" + resource + ": cannot read: " + e.getMessage(), e);
            }
        }
        return load(Path.of(nameOrFile));
    }

    static DesignSpace parse(String yaml, String source) {
        ObjectNode tree = YamlConfig.parse(yaml, source);
        SpaceFile f = YamlConfig.bind(tree, SpaceFile.class, source);
        List<Parameter> params = new ArrayList<>();
        for (Map.Entry<String, ParameterFile> e : f.parameters().entrySet()) {
            try {
                params.add(parameter(e.getKey(), e.getValue()));
            } catch (InvalidInputException ex) {
                throw new InvalidInputException(source + ": " + ex.getMessage(), ex);
            }
        }
        List<MetricConstraint> constraints = new ArrayList<>();
        List<Objective> objectives = new ArrayList<>();
        try {
            for (ConstraintFile c : f.constraints()) {
                constraints.add(new MetricConstraint(c.metric(), c.min().orElse(Double.NEGATIVE_INFINITY),
                        c.max().orElse(Double.POSITIVE_INFINITY)));
            }
            for (ObjectiveFile o : f.objectives()) {
                objectives.add(new Objective(o.metric(), o.direction(), o.weight()));
            }
            return new DesignSpace(f.name(), f.description(),
                    new DesignSpace.ModelRef(f.model().name(), f.model().base(), f.model().set()),
                    params, constraints, objectives, yaml);
        } catch (InvalidInputException ex) {
            throw new InvalidInputException(source + ": " + ex.getMessage(), ex);
        }
    }

    private static Parameter parameter(String name, ParameterFile p) {
        List<String> keys = p.keys().orElse(List.of(name));
        if (keys.isEmpty()) {
            throw InvalidInputException.of("", "parameters." + name + ".keys", "is empty", "at least one configuration key");
        }
        String f = "parameters." + name;
        switch (p.type()) {
            case CHOICE -> {
                forbid(p.min().isPresent() || p.max().isPresent() || p.step().isPresent() || p.log(), f,
                        "min/max/step/log", "only values for a choice");
                List<JsonNode> nodes = p.values().orElseThrow(() -> InvalidInputException.of("", f + ".values",
                        "is missing", "a list of choices"));
                List<Object> values = new ArrayList<>();
                for (JsonNode n : nodes) {
                    if (n.isIntegralNumber()) {
                        values.add(n.longValue());
                    } else if (n.isNumber()) {
                        values.add(n.doubleValue());
                    } else if (n.isTextual()) {
                        values.add(n.textValue());
                    } else {
                        throw InvalidInputException.of("", f + ".values", "bad choice " + n, "numbers or strings");
                    }
                }
                return new ChoiceParameter(name, keys, values);
            }
            case INT -> {
                forbid(p.values().isPresent(), f, "values", "min, max and step (or log) for an int range");
                long min = integral(p.min(), f + ".min");
                long max = integral(p.max(), f + ".max");
                if (p.log()) {
                    forbid(p.step().isPresent(), f, "step with log: true", "either a step or log: true");
                    return IntParameter.log(name, keys, min, max, p.factor());
                }
                long step = p.step().isPresent() ? integral(p.step(), f + ".step") : 1;
                return IntParameter.linear(name, keys, min, max, step);
            }
            case REAL -> {
                forbid(p.values().isPresent(), f, "values", "min, max and an optional step or log for a real range");
                double min = p.min().orElseThrow(() -> InvalidInputException.of("", f + ".min", "is missing", "a number"));
                double max = p.max().orElseThrow(() -> InvalidInputException.of("", f + ".max", "is missing", "a number"));
                return new RealParameter(name, keys, min, max, p.step().orElse(0.0), p.log());
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void forbid(boolean present, String field, String what, String expected) {
        if (present) {
            throw InvalidInputException.of("", field, what + " not allowed here", expected);
        }
    }

    private static long integral(Optional<Double> v, String field) {
        double d = v.orElseThrow(() -> InvalidInputException.of("", field, "is missing", "an integer"));
        if (d != Math.rint(d) || Math.abs(d) > 1e15) {
            throw InvalidInputException.of("", field, "bad value " + d, "an integer");
        }
        return (long) d;
    }
}

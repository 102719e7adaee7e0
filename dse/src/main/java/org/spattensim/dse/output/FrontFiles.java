package org.spattensim.dse.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Writes an exploration's results under fixed names: {@code front.csv}, {@code front.json},
 * {@code evaluations.csv} (every point of the run) and {@code space.yaml}.
 */
public final class FrontFiles {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private FrontFiles() {}

    /** Writes every file into {@code dir} (created when missing). */
    public static void write(ExplorationResult r, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("front.csv"), csv(r.space(), r.front()));
            Files.writeString(dir.resolve("evaluations.csv"), csv(r.space(), r.evaluations()));
            Files.writeString(dir.resolve("front.json"), json(r));
            if (!r.space().yaml().isEmpty()) {
                Files.writeString(dir.resolve("space.yaml"), r.space().yaml());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    /** CSV: parameters, objectives, feasible, violation, error, then every other metric (sorted by name). */
    public static String csv(DesignSpace space, List<Evaluation> evaluations) {
        List<String> header = new ArrayList<>();
        space.parameters().forEach(p -> header.add(p.name()));
        List<String> objectives = space.objectives().stream().map(o -> o.metric()).toList();
        header.addAll(objectives);
        header.add("feasible");
        header.add("violation");
        header.add("error");
        TreeSet<String> extra = new TreeSet<>();
        evaluations.forEach(e -> extra.addAll(e.metrics().keySet()));
        extra.removeAll(objectives);
        header.addAll(extra);
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (Evaluation e : evaluations) {
            List<String> row = new ArrayList<>();
            for (Parameter p : space.parameters()) {
                row.add(cell(e.point().get(p.name())));
            }
            for (double v : e.objectives()) {
                row.add(number(v));
            }
            row.add(Boolean.toString(e.feasible()));
            row.add(number(e.violation()));
            row.add(e.error() == null ? "" : cell(e.error()));
            for (String m : extra) {
                Double v = e.metrics().get(m);
                row.add(v == null ? "" : number(v));
            }
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.toString(v);
    }

    private static String cell(Object v) {
        String s = String.valueOf(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** JSON: the space and search settings, counts, the front and the GA's best point. */
    public static String json(ExplorationResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("space", r.space().name());
        root.put("spaceHash", r.space().hash());
        root.put("search", r.settings().algorithm().toString().toLowerCase());
        root.put("budget", r.settings().budget());
        root.put("seed", r.settings().seed());
        root.put("evaluations", r.evaluations().size());
        root.put("evaluatedNow", r.evaluatedNow());
        root.put("fromStore", r.fromCache());
        root.put("feasible", r.evaluations().stream().filter(Evaluation::feasible).count());
        ArrayNode objectives = root.putArray("objectives");
        r.space().objectives().forEach(o -> objectives.addObject().put("metric", o.metric())
                .put("direction", o.direction().toString().toLowerCase()));
        ArrayNode front = root.putArray("front");
        r.front().forEach(e -> front.add(point(r.space(), e)));
        r.best().ifPresent(b -> root.set("best", point(r.space(), b)));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode point(DesignSpace space, Evaluation e) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode params = n.putObject("parameters");
        e.point().values().forEach((k, v) -> {
            if (v instanceof Long l) {
                params.put(k, l);
            } else if (v instanceof Double d) {
                params.put(k, d);
            } else {
                params.put(k, String.valueOf(v));
            }
        });
        ObjectNode obj = n.putObject("objectives");
        for (int i = 0; i < e.objectives().length; i++) {
            obj.put(space.objectives().get(i).metric(), e.objectives()[i]);
        }
        ObjectNode metrics = n.putObject("metrics");
        new java.util.TreeMap<>(e.metrics()).forEach(metrics::put);
        return n;
    }
}

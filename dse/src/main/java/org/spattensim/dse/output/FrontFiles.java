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
import org.spattensim.common.Csv;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.FrontConfirmation;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Writes an exploration's results under fixed names: {@code front.csv}, {@code front.json},
 * {@code evaluations.csv} (every point of the run), {@code space.yaml}, and with a confirmed front
 * {@code confirmation.csv} (per metric: the fast model's median and max |relative error| on the front). The
 * report (results module, {@code ReportGenerator}) draws its tables and plots from these files.
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
            Files.writeString(dir.resolve("front.csv"), frontCsv(r));
            Files.writeString(dir.resolve("evaluations.csv"), csv(r.space(), r.evaluations()));
            Files.writeString(dir.resolve("front.json"), json(r));
            Path confirmation = dir.resolve("confirmation.csv");
            if (r.confirmation().isPresent()) {
                Files.writeString(confirmation, confirmationCsv(r));
            } else {
                Files.deleteIfExists(confirmation);
            }
            if (!r.space().yaml().isEmpty()) {
                Files.writeString(dir.resolve("space.yaml"), r.space().yaml());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    /**
     * The front as CSV ({@link #csv}); with a confirmation, three more kinds of column per confirmed metric
     * (objectives, then cycles): {@code reference.<metric>} (the reference model's value),
     * {@code surrogate_error.<metric>} (fast / reference - 1), and {@code reference_non_dominated} (the point stays
     * feasible and non-dominated among the front under the reference model).
     */
    public static String frontCsv(ExplorationResult r) {
        if (r.confirmation().isEmpty()) {
            return csv(r.space(), r.front());
        }
        FrontConfirmation c = r.confirmation().get();
        List<String> metrics = c.metrics(r.space());
        List<String> header = new ArrayList<>();
        metrics.forEach(m -> header.add("reference." + m));
        metrics.forEach(m -> header.add("surrogate_error." + m));
        header.add("reference_non_dominated");
        java.util.Set<String> kept = new java.util.HashSet<>();
        c.referenceFront(r.space()).forEach(e -> kept.add(e.point().key()));
        List<List<String>> extra = new ArrayList<>();
        for (FrontConfirmation.Point p : c.points()) {
            List<String> row = new ArrayList<>();
            for (String m : metrics) {
                Double v = p.reference().metrics().get(m);
                row.add(v == null ? "" : number(v));
            }
            for (String m : metrics) {
                double e = p.relativeError(m);
                row.add(Double.isNaN(e) ? "" : number(e));
            }
            row.add(Boolean.toString(kept.contains(p.surrogate().point().key())));
            extra.add(row);
        }
        List<List<String>> table = table(r.space(), r.front());
        table.get(0).addAll(header);
        for (int i = 0; i < extra.size(); i++) {
            table.get(i + 1).addAll(extra.get(i));
        }
        return render(table);
    }

    /**
     * Per confirmed metric: the models, the front points compared, the median and max |fast / reference - 1| and
     * how many front points stay non-dominated under the reference model.
     */
    public static String confirmationCsv(ExplorationResult r) {
        FrontConfirmation c = r.confirmation().orElseThrow();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("metric", "model", "reference_model", "points", "median_abs_error", "max_abs_error",
                "reference_non_dominated"));
        int kept = c.referenceFront(r.space()).size();
        c.summary(r.space()).forEach((m, v) -> table.add(List.of(m, c.model(), c.referenceModel(),
                Integer.toString(c.points().size()), Double.isNaN(v[0]) ? "" : number(v[0]),
                Double.isNaN(v[1]) ? "" : number(v[1]), Integer.toString(kept))));
        return render(table);
    }

    /** CSV: parameters, objectives, feasible, violation, error, then every other metric (sorted by name). */
    public static String csv(DesignSpace space, List<Evaluation> evaluations) {
        return render(table(space, evaluations));
    }

    /** Header then one mutable row per evaluation, as {@link #csv} writes them. */
    private static List<List<String>> table(DesignSpace space, List<Evaluation> evaluations) {
        List<List<String>> table = new ArrayList<>();
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
        // A reported metric named like a parameter or a table column gets a "metric." prefix: one name, one column.
        for (String m : extra) {
            header.add(header.contains(m) ? "metric." + m : m);
        }
        table.add(header);
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
            table.add(row);
        }
        return table;
    }

    private static String render(List<List<String>> table) {
        StringBuilder sb = new StringBuilder();
        table.forEach(r -> sb.append(Csv.row(r)));
        return sb.toString();
    }

    /** A whole number (cycles, bytes, counts) as an integer, anything else as Java's shortest round-trip form. */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String cell(Object v) {
        return String.valueOf(v);
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
        r.confirmation().ifPresent(c -> {
            ObjectNode cn = root.putObject("confirmation");
            cn.put("model", c.model());
            cn.put("reference_model", c.referenceModel());
            cn.put("points", c.points().size());
            cn.put("evaluatedNow", c.evaluatedNow());
            cn.put("reference_non_dominated", c.referenceFront(r.space()).size());
            ObjectNode err = cn.putObject("surrogate_error");
            c.summary(r.space()).forEach((m, v) -> {
                ObjectNode e = err.putObject(m);
                putFinite(e, "medianAbs", v[0]);
                putFinite(e, "maxAbs", v[1]);
            });
            for (int i = 0; i < c.points().size(); i++) {
                FrontConfirmation.Point p = c.points().get(i);
                ObjectNode n = (ObjectNode) front.get(i);
                ObjectNode refMetrics = n.putObject("reference");
                new java.util.TreeMap<>(p.reference().metrics()).forEach(refMetrics::put);
                if (p.reference().error() != null) {
                    n.put("referenceError", p.reference().error());
                }
                ObjectNode pe = n.putObject("surrogate_error");
                for (String m : c.metrics(r.space())) {
                    putFinite(pe, m, p.relativeError(m));
                }
            }
        });
        r.best().ifPresent(b -> root.set("best", point(r.space(), b)));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number, or null where it is undefined (an error against a reference of 0): standard JSON has no NaN. */
    private static void putFinite(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
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

package org.spattensim.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spattensim.common.InvalidInputException;

/**
 * The report of a {@code simulate}, {@code compare} or {@code ablation} output folder, from the files the command
 * wrote there ({@code stats.json} + {@code config.yaml}; {@code comparison.csv} + {@code speedup.csv};
 * {@code ablation.csv}): tables with links to their data and LaTeX, and figures in PNG, SVG and PDF.
 */
final class RunFolderReport {
    static final String STATS = "stats.json";
    static final String CONFIG = "config.yaml";
    static final String COMPARISON = "comparison.csv";
    static final String SPEEDUP = "speedup.csv";
    static final String ABLATION = "ablation.csv";

    private final Path dir;
    private final Path plots;
    private final Html html = new Html("");

    private RunFolderReport(Path dir) {
        this.dir = dir;
        this.plots = dir.resolve(ReportFiles.PLOTS_DIR);
    }

    /** True when {@code dir} holds the output of one of the three commands. */
    static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(STATS)) || Files.isRegularFile(dir.resolve(COMPARISON))
                || Files.isRegularFile(dir.resolve(ABLATION));
    }

    static Path write(Path dir) {
        return new RunFolderReport(dir).render();
    }

    private Path render() {
        html.begin("spatten-sim run: " + dir.toAbsolutePath().normalize().getFileName());
        if (Files.isRegularFile(dir.resolve(STATS))) {
            simulate();
        }
        if (Files.isRegularFile(dir.resolve(COMPARISON))) {
            compare();
        }
        if (Files.isRegularFile(dir.resolve(ABLATION))) {
            ablation();
        }
        if (Files.isRegularFile(dir.resolve("provenance.json"))) {
            JsonNode prov = readJson(dir.resolve("provenance.json"));
            html.section("provenance", "Provenance");
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("command", prov.path("command").asText());
            facts.put("tool", prov.path("tool_version").asText() + ", git " + prov.path("git_revision").asText());
            for (JsonNode t : prov.path("traces")) {
                facts.put("trace " + t.path("name").asText(), t.has("sha256") ? "SHA-256 " + t.path("sha256").asText()
                        : t.path("source").asText());
            }
            JsonNode h = prov.path("machine");
            facts.put("host", h.path("host").asText() + ", " + h.path("cores").asText() + " cores, " + h.path("os").asText()
                    + ", " + h.path("java").asText() + (h.has("load_average_1m") ? ", 1-min load "
                    + String.format(java.util.Locale.ROOT, "%.2f", h.path("load_average_1m").asDouble()) : ""));
            facts.put("written", prov.path("created").asText());
            html.definitions(facts);
        }
        html.p("Regenerate with <code>./spatten report " + Html.esc(dir.toString()) + "</code>. Every table is also a "
                + "CSV (full data) and a LaTeX <code>.tex</code> (booktabs) beside it; every figure a PNG, SVG and PDF in "
                + "<code>plots/</code>.");
        html.end();
        return html.writeReport(dir);
    }

    private void simulate() {
        JsonNode stats = readJson(dir.resolve(STATS));
        html.section("simulation", "Simulation");
        DataTable summary = new DataTable("statistic", "value", "unit", "description");
        for (String k : List.of("total_cycles", "seconds", "dram_bytes_read", "dram_transactions", "dram.bandwidth_gbps",
                "dram.peak_gbps", "energy_pj", "area_mm2", "quality.output_rel_l2", "requant_count")) {
            JsonNode s = stats.get(k);
            if (s != null) {
                summary.add(k, s.path("value").asText(), s.path("unit").asText(), s.path("description").asText());
            }
        }
        html.h3("Headline figures");
        writeTable(summary, "summary.csv");
        List<String> figures = new ArrayList<>();
        figures.add(bars(stats, Pattern.compile("energy\\.(logic|sram|dram)_pj"), 1e-12, "J", "energy",
                "Energy by category", "energy_by_category"));
        figures.add(bars(stats, Pattern.compile("dram_bytes\\.(\\w+)"), 1, "B", "DRAM bytes read",
                "DRAM traffic by matrix", "dram_by_matrix"));
        figures.add(bars(stats, Pattern.compile("unit\\.(.+)\\.utilisation"), 1, "", "busy cycles / total cycles",
                "Unit utilisation", "unit_utilisation"));
        figures.removeIf(f -> f == null);
        html.figures(figures.toArray(String[]::new));
        Map<String, Double> steps = matching(stats, Pattern.compile("step\\.(\\d+)\\.cycles"));
        if (steps.size() > 1) {
            double[] x = new double[steps.size()];
            double[] y = new double[steps.size()];
            int i = 0;
            for (var e : steps.entrySet()) {
                x[i] = Double.parseDouble(e.getKey());
                y[i++] = e.getValue() * 1e-3;
            }
            html.figures(Charts.save(Charts.lines("Cycles per step", "step", "cycles (thousands)",
                    Map.of("cycles", new double[][] {x, y}), false, false), plots, "cycles_per_step"));
        }
        DataTable all = new DataTable("statistic", "value", "unit", "description");
        stats.fields().forEachRemaining(e -> all.add(e.getKey(), e.getValue().path("value").asText(),
                e.getValue().path("unit").asText(), e.getValue().path("description").asText()));
        html.h3("Every statistic (" + all.size() + ", with unit and description)");
        html.table(all, "stats.csv");
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            try {
                html.details("Effective configuration (" + CONFIG + ")", Files.readString(dir.resolve(CONFIG)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(CONFIG), e);
            }
        }
    }

    private void compare() {
        DataTable cmp = DataTable.read(dir.resolve(COMPARISON));
        html.section("comparison", "Comparison");
        html.p("Latency, energy and DRAM bytes per model on the same workload. Kinds: accelerator (simulated), cpu "
                + "(measured on the host that ran the command), gpu (measured where a timing CSV was given, else "
                + "modelled by a roofline).");
        writeTable(cmp, COMPARISON);
        if (Files.isRegularFile(dir.resolve(SPEEDUP))) {
            DataTable sp = DataTable.read(dir.resolve(SPEEDUP));
            for (String workload : sp.distinct("workload")) {
                String slug = Html.slug(Path.of(workload).getFileName().toString());
                html.h3("Speedup and energy saving on " + workload);
                html.figures(SpeedupFigures.write(sp, cmp, workload, plots, slug));
            }
            writeTable(sp, SPEEDUP);
        }
    }

    private void ablation() {
        DataTable t = DataTable.read(dir.resolve(ABLATION));
        html.section("ablation", "Where the speedup comes from (ablation)");
        List<String> steps = new ArrayList<>();
        List<Double> speed = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            steps.add(t.get(i, "step"));
            speed.add(t.number(i, "speedup_vs_dense"));
        }
        var c = Charts.bars("Ablation", "step", "speedup over the dense datapath (x)", steps, Map.of("speedup", speed),
                false, false);
        Charts.referenceLine(c, steps, 1.0, "1x (dense datapath)");
        html.figures(Charts.save(c, plots, "ablation"));
        writeTable(t, ABLATION);
    }

    /** Renders a table and makes sure its CSV and LaTeX exist beside the report. */
    private void writeTable(DataTable t, String file) {
        if (!Files.isRegularFile(dir.resolve(file)) || !Files.isRegularFile(dir.resolve(file.replace(".csv", ".tex")))) {
            t.write(dir.resolve(file));
        }
        html.table(t, file);
    }

    /**
     * A bar chart of the statistics matching {@code p} (group 1 = the bar's label), converted to {@code unit} by
     * {@code toUnit} and shown with an SI prefix chosen from the largest value (kB, MB, µJ, mJ, ...).
     */
    private String bars(JsonNode stats, Pattern p, double toUnit, String unit, String quantity, String title,
                        String name) {
        Map<String, Double> m = matching(stats, p);
        m.values().removeIf(v -> v == 0 || !Double.isFinite(v));
        if (m.isEmpty()) {
            return null;
        }
        double max = 0;
        for (double v : m.values()) {
            max = Math.max(max, Math.abs(v * toUnit));
        }
        String[] prefixes = {"p", "n", "µ", "m", "", "k", "M", "G", "T"};
        int exp = unit.isEmpty() ? 0 : (int) Math.max(-4, Math.min(4, Math.floor(Math.log10(max) / 3)));
        double scale = toUnit / Math.pow(1000, exp);
        String yTitle = unit.isEmpty() ? quantity : quantity + " (" + prefixes[exp + 4] + unit + ")";
        List<String> labels = new ArrayList<>(m.keySet());
        List<Double> values = new ArrayList<>();
        // Four significant digits on the bars' labels; the CSV keeps every digit.
        m.values().forEach(v -> values.add(new java.math.BigDecimal(v * scale)
                .round(new java.math.MathContext(4)).doubleValue()));
        return Charts.save(Charts.bars(title, "", yTitle, labels, Map.of(title, values), false, false), plots, name);
    }

    private static Map<String, Double> matching(JsonNode stats, Pattern p) {
        Map<String, Double> out = new java.util.TreeMap<>((a, b) -> {
            boolean na = a.matches("\\d+");
            boolean nb = b.matches("\\d+");
            return na && nb ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
        });
        stats.fields().forEachRemaining(e -> {
            Matcher mt = p.matcher(e.getKey());
            if (mt.matches() && e.getValue().path("value").isNumber()) {
                out.put(mt.group(1), e.getValue().path("value").asDouble());
            }
        });
        return out;
    }

    private static JsonNode readJson(Path file) {
        org.spattensim.common.InputFiles.requireRegular(file, "the stats.json simulate wrote");
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw InvalidInputException.of(file.toString(), null, "is not a JSON object", "simulate's stats.json");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": invalid JSON: " + e.getMessage(), e);
        }
    }
}

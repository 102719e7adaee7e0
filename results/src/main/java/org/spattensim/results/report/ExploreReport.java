package org.spattensim.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spattensim.common.InvalidInputException;

/**
 * The design-space exploration section of a report, drawn from the files {@code ./spatten explore} writes
 * ({@code front.csv}, {@code front.json}, {@code evaluations.csv}, and {@code confirmation.csv} when a fast
 * model's front was confirmed by its reference model): the run's settings, the surrogate error on the front,
 * one 2-D projection per pair of objectives (every feasible point, the infeasible ones, the Pareto front and,
 * when confirmed, the front as the reference model puts it), a parallel-coordinates plot of the front, and the
 * front table cell by cell. It reads only those files, so the section regenerates from them.
 */
final class ExploreReport {
    /** The explore output files the section reads (in the explore folder, or {@code data/explore/} of a run). */
    static final String FRONT = "front.csv";
    static final String FRONT_JSON = "front.json";
    static final String EVALUATIONS = "evaluations.csv";
    static final String CONFIRMATION = "confirmation.csv";
    /** Lines beyond this make a parallel-coordinates plot unreadable (and slow to render). */
    static final int MAX_LINES = 300;

    private final Html html;
    private final Path dir;
    private final String dataPrefix;
    private final Path plotsDir;

    /**
     * @param dir        folder holding the explore files
     * @param dataPrefix how the report names that folder relative to {@code data/} (e.g. {@code explore/})
     * @param plotsDir   where the plots go
     */
    ExploreReport(Html html, Path dir, String dataPrefix, Path plotsDir) {
        this.html = html;
        this.dir = dir;
        this.dataPrefix = dataPrefix;
        this.plotsDir = plotsDir;
    }

    /** Whether {@code dir} holds an exploration's output. */
    static boolean isExploreDir(Path dir) {
        return Files.isRegularFile(dir.resolve(FRONT)) && Files.isRegularFile(dir.resolve(FRONT_JSON));
    }

    void write() {
        html.section("explore", "Design-space exploration");
        if (!isExploreDir(dir)) {
            html.p("<em>No data for this section in this run: " + Html.esc(ReportFiles.DATA_DIR + "/" + dataPrefix + FRONT)
                    + " is absent (written by ./spatten explore -o &lt;dir&gt;).</em>");
            return;
        }
        JsonNode json = readJson(dir.resolve(FRONT_JSON));
        DataTable front = DataTable.read(dir.resolve(FRONT));
        DataTable all = Files.isRegularFile(dir.resolve(EVALUATIONS)) ? DataTable.read(dir.resolve(EVALUATIONS)) : front;
        List<String> objectives = new ArrayList<>();
        json.path("objectives").forEach(o -> objectives.add(o.path("metric").asText()));
        if (objectives.isEmpty() || !front.has(objectives.get(0))) {
            throw new InvalidInputException(dir.resolve(FRONT_JSON) + ": objectives: " + objectives
                    + "; expected the objective metrics that are columns of " + FRONT);
        }
        List<String> parameters = front.columns().subList(0, front.column(objectives.get(0)));

        Map<String, String> facts = new LinkedHashMap<>();
        for (String k : List.of("space", "search", "budget", "seed", "evaluations", "evaluatedNow", "fromStore", "feasible")) {
            if (json.has(k)) {
                facts.put(k, json.get(k).asText());
            }
        }
        facts.put("Pareto front", front.size() + " points");
        html.definitions(facts);
        html.p("Objectives (all minimised unless stated): " + Html.esc(String.join(", ", objectives))
                + ". The front is over every point the run evaluated.");

        boolean confirmed = Files.isRegularFile(dir.resolve(CONFIRMATION));
        if (confirmed) {
            html.h3("Fast model confirmed by the reference model");
            html.p("The search ran on the fast model; the final front was re-evaluated by the reference model. "
                    + "Error = fast / reference &minus; 1 per front point (median and max of its absolute value); "
                    + "<b>reference_non_dominated</b> counts front points still non-dominated under the reference model.");
            html.table(DataTable.read(dir.resolve(CONFIRMATION)), dataPrefix + CONFIRMATION);
        }

        if (plotsDir != null) {
            List<String> figs = new ArrayList<>();
            for (int i = 0; i < objectives.size(); i++) {
                for (int j = i + 1; j < objectives.size(); j++) {
                    figs.add(Charts.save(projection(json.path("space").asText(), all, front, objectives.get(i),
                            objectives.get(j), confirmed), plotsDir, "explore-" + objectives.get(i) + "-vs-" + objectives.get(j)));
                }
            }
            if (front.size() > 0) {
                List<String> axes = new ArrayList<>(parameters);
                axes.addAll(objectives);
                figs.add(Charts.save(parallel(json.path("space").asText(), front, axes, objectives.get(0)), plotsDir,
                        "explore-parallel"));
            }
            html.figures(figs.toArray(String[]::new));
        }
        html.h3("Pareto front");
        html.table(front, dataPrefix + FRONT);
    }

    private static JsonNode readJson(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(p + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    static XYChart projection(String space, DataTable all, DataTable front, String a, String b, boolean confirmed) {
        XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(space + ": " + b + " vs " + a).xAxisTitle(axisTitle(a)).yAxisTitle(axisTitle(b)).build();
        Charts.style(c.getStyler());
        scatter(c, "feasible", all.where("feasible", "true"::equals), a, b, new Color(0xb0b0b0), SeriesMarkers.CIRCLE);
        DataTable infeasible = all.where("feasible", "false"::equals);
        if (infeasible.has("error")) {
            infeasible = infeasible.where("error", String::isEmpty);
        }
        scatter(c, "infeasible", infeasible, a, b, new Color(0xf4a6a6), SeriesMarkers.CIRCLE);
        scatter(c, "Pareto front", front, a, b, Charts.color(0), SeriesMarkers.DIAMOND);
        if (confirmed && front.has("reference." + a) && front.has("reference." + b)) {
            scatter(c, "front points, reference model's values", front, "reference." + a, "reference." + b, Charts.color(1),
                    SeriesMarkers.SQUARE);
        }
        return c;
    }

    private static void scatter(XYChart c, String name, DataTable t, String a, String b, Color color,
                                org.knowm.xchart.style.markers.Marker marker) {
        List<double[]> xy = new ArrayList<>();
        for (int r = 0; r < t.size(); r++) {
            String x = t.get(r, a);
            String y = t.get(r, b);
            if (!x.isEmpty() && !y.isEmpty()) {
                xy.add(new double[] {Double.parseDouble(x), Double.parseDouble(y)});
            }
        }
        if (xy.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name + " (" + xy.size() + ")", xy.stream().mapToDouble(p -> p[0]).toArray(),
                xy.stream().mapToDouble(p -> p[1]).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    /**
     * One line per front point across the parameters and objectives, each axis scaled to [0, 1] over its range on
     * the front; a non-numeric axis (a named choice) places its values in sorted order. Each axis is labelled with
     * its real values (lowest below, highest above, every level of a named choice beside it) and unit, and a line's
     * colour follows the first objective ({@code firstObjective}): blue where it is lowest on the front, red where
     * highest, so a reader can follow what buys a good value.
     */
    static XYChart parallel(String space, DataTable front, List<String> axes, String firstObjective) {
        int rows = Math.min(front.size(), MAX_LINES);
        int n = axes.size();
        double[][] v = new double[rows][n];
        XYChart c = new XYChartBuilder().width(Math.max(Charts.WIDTH, 130 * n)).height(Charts.HEIGHT)
                .title(space + ": Pareto front, parallel coordinates (colour: " + axisTitle(firstObjective)
                        + ", blue lowest, red highest)")
                .xAxisTitle("parameters and objectives (real values at each axis' ends)")
                .yAxisTitle("position within the front's range").build();
        Charts.style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(-0.12);
        c.getStyler().setYAxisMax(1.12);
        c.getStyler().setYAxisTicksVisible(false);
        c.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        c.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        for (int a = 0; a < n; a++) {
            String axis = axes.get(a);
            boolean numeric = true;
            for (int r = 0; r < rows && numeric; r++) {
                numeric = Html.isNumber(front.get(r, axis));
            }
            List<String> levels = numeric ? List.of() : new ArrayList<>(new TreeSet<>(front.distinct(axis)));
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                v[r][a] = numeric ? Double.parseDouble(front.get(r, axis)) : levels.indexOf(front.get(r, axis));
                lo = Math.min(lo, v[r][a]);
                hi = Math.max(hi, v[r][a]);
            }
            for (int r = 0; r < rows; r++) {
                v[r][a] = hi > lo ? (v[r][a] - lo) / (hi - lo) : 0.5;
            }
            String unit = UNITS.containsKey(axis) ? " " + UNITS.get(axis) : "";
            if (numeric) {
                if (hi > lo) {
                    c.addAnnotation(text(DataTable.fmt(lo) + unit, a, -0.06));
                    c.addAnnotation(text(DataTable.fmt(hi) + unit, a, 1.06));
                } else {
                    c.addAnnotation(text(DataTable.fmt(lo) + unit + " (all)", a, 0.56));
                }
            } else {
                for (int l = 0; l < levels.size(); l++) {
                    double y = levels.size() > 1 ? (double) l / (levels.size() - 1) : 0.5;
                    c.addAnnotation(text(levels.get(l), a, y + 0.04));
                }
            }
        }
        c.setCustomXAxisTickLabelsFormatter(x -> {
            int a = (int) Math.round(x);
            return Math.abs(x - a) < 1e-9 && a >= 0 && a < n ? axes.get(a) : "";
        });
        double[] x = new double[n];
        for (int a = 0; a < n; a++) {
            x[a] = a;
        }
        int colourAxis = Math.max(0, axes.indexOf(firstObjective));
        for (int r = 0; r < rows; r++) {
            XYSeries line = c.addSeries(String.format(Locale.ROOT, "p%d", r), x, v[r]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(1.4f));
            float t = (float) v[r][colourAxis];
            line.setLineColor(Color.getHSBColor(0.62f - 0.62f * t, 0.85f, 0.8f));
        }
        return c;
    }

    private static org.knowm.xchart.AnnotationText text(String s, double x, double y) {
        return new org.knowm.xchart.AnnotationText(s, x, y, false);
    }

    /** Units of the metrics the bundled models report, for axis titles ("energy_j (J)"). */
    private static final java.util.Map<String, String> UNITS = java.util.Map.ofEntries(
            java.util.Map.entry("cycles", "cycles"), java.util.Map.entry("seconds", "s"),
            java.util.Map.entry("energy_j", "J"), java.util.Map.entry("energy_logic_j", "J"),
            java.util.Map.entry("energy_sram_j", "J"), java.util.Map.entry("energy_dram_j", "J"),
            java.util.Map.entry("area_mm2", "mm²"), java.util.Map.entry("power_w", "W"),
            java.util.Map.entry("dram_bytes", "B"), java.util.Map.entry("dram_transactions", "transactions"),
            java.util.Map.entry("dram_bandwidth_gbps", "GB/s"), java.util.Map.entry("requants", "tasks"),
            java.util.Map.entry("quality_kl_nats", "nats"), java.util.Map.entry("quality_max_kl_nats", "nats"),
            java.util.Map.entry("top1_agreement", "fraction"), java.util.Map.entry("output_error", "relative L2"),
            java.util.Map.entry("key_keep_ratio", "fraction"), java.util.Map.entry("value_keep_ratio", "fraction"));

    static String axisTitle(String metric) {
        String unit = UNITS.get(metric);
        return unit == null ? metric : metric + " (" + unit + ")";
    }
}

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
import org.knowm.xchart.XYChart;
import org.spattensim.common.InvalidInputException;

/**
 * Writes {@code report.html} and its plots from the data files of a run folder (see {@link ReportFiles}).
 * It computes nothing that is not in the data: tables are rendered cell by cell from the CSV files, and
 * every plot is drawn from one of them, so {@code ./spatten report <dir>} regenerates the same report.
 * A section whose data file is absent says so instead of disappearing.
 */
public final class ReportGenerator {
    private final Path runDir;
    private final Path dataDir;
    private final Path plotsDir;
    private final Html html = new Html();

    public ReportGenerator(Path runDir) {
        this.runDir = runDir;
        this.dataDir = runDir.resolve(ReportFiles.DATA_DIR);
        this.plotsDir = runDir.resolve(ReportFiles.PLOTS_DIR);
    }

    /**
     * Generates the report; returns the path of {@code report.html}. A run folder ({@code data/}, written by
     * {@code ./spatten demo}) gets the full report, with the exploration section from {@code data/explore/}; an
     * explore output folder ({@code front.csv} + {@code front.json}, written by {@code ./spatten explore -o}) gets
     * a report of that exploration.
     */
    public static Path generate(Path runDir) {
        if (KvPolicyReport.isKvStudy(runDir)) {
            return KvPolicyReport.write(runDir);
        }
        Path data = runDir.resolve(ReportFiles.DATA_DIR);
        if (Files.isDirectory(data)) {
            boolean any;
            try (var files = Files.list(data)) {
                any = files.anyMatch(f -> Files.isRegularFile(f)
                        && (f.toString().endsWith(".csv") || f.toString().endsWith(".json")));
            } catch (IOException e) {
                throw new InvalidInputException(data + ": cannot list: " + e.getMessage(), e);
            }
            if (!any) {
                throw InvalidInputException.of(data.toString(), null, "holds no CSV or JSON data file",
                        "the data a run wrote (./spatten demo, or a copy of its data/ folder)");
            }
            return new ReportGenerator(runDir).write();
        }
        if (ExploreReport.isExploreDir(runDir)) {
            return writeExplore(runDir, true);
        }
        if (RunFolderReport.isRunFolder(runDir)) {
            return RunFolderReport.write(runDir);
        }
        throw new InvalidInputException(runDir + ": not a run folder; expected a '" + ReportFiles.DATA_DIR
                + "' directory with the run's CSV/JSON data (written by ./spatten demo), an exploration's "
                + ExploreReport.FRONT + " and " + ExploreReport.FRONT_JSON + " (written by ./spatten explore -o), or "
                + "the output of simulate (stats.json), compare (comparison.csv) or ablation (ablation.csv) -o");
    }

    /**
     * The report of one exploration's output folder: {@code report.html} beside its files, plots in {@code plots/}
     * (none when {@code plots} is false).
     */
    public static Path generateExplore(Path exploreDir, boolean plots) {
        if (!ExploreReport.isExploreDir(exploreDir)) {
            throw new InvalidInputException(exploreDir + ": not an exploration's output; expected " + ExploreReport.FRONT
                    + " and " + ExploreReport.FRONT_JSON + " (written by ./spatten explore -o)");
        }
        return writeExplore(exploreDir, plots);
    }

    private static Path writeExplore(Path dir, boolean plots) {
        Html html = new Html("");
        html.begin("spatten-sim exploration: " + dir.toAbsolutePath().normalize().getFileName());
        new ExploreReport(html, dir, "", plots ? dir.resolve(ReportFiles.PLOTS_DIR) : null).write();
        html.p("Regenerate with <code>./spatten report " + Html.esc(dir.toString()) + "</code>.");
        html.end();
        return html.writeReport(dir);
    }

    private Path write() {
        JsonNode prov = readJson(ReportFiles.PROVENANCE);
        html.begin("spatten-sim report" + (prov == null ? "" : ": " + prov.path("run").asText()));
        provenance(prov);
        speedup();
        ablation();
        dram();
        latency();
        energyAndArea();
        roofline();
        pruning();
        winLoss();
        paper();
        validation();
        new ExploreReport(html, dataDir.resolve(ReportFiles.EXPLORE_DIR), ReportFiles.EXPLORE_DIR + "/", plotsDir).write();
        notes(prov);
        html.end();
        return html.writeReport(runDir);
    }

    private DataTable table(String file) {
        Path p = dataDir.resolve(file);
        return Files.isRegularFile(p) ? DataTable.read(p) : null;
    }

    private JsonNode readJson(String file) {
        Path p = dataDir.resolve(file);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(p + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    private void missing(String file) {
        html.p("<em>No data for this section in this run: " + Html.esc(ReportFiles.DATA_DIR + "/" + file) + " is absent.</em>");
    }

    private void provenance(JsonNode prov) {
        html.section("provenance", "Provenance");
        if (prov == null) {
            missing(ReportFiles.PROVENANCE);
            return;
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String k : List.of("run", "created", "tool_version", "git_revision", "command")) {
            if (prov.has(k)) {
                facts.put(k.replace('_', ' '), prov.get(k).asText());
            }
        }
        prov.path("machine").fields().forEachRemaining(e -> facts.put("machine: " + e.getKey(), e.getValue().asText()));
        html.definitions(facts);
        if (prov.path("traces").size() > 0) {
            html.h3("Traces and workloads");
            html.jsonTable(prov.path("traces"));
        }
        if (prov.path("models").size() > 0) {
            html.h3("Models");
            html.jsonTable(prov.path("models"));
        }
        if (prov.path("configs").size() > 0) {
            html.h3("Effective configurations");
            prov.path("configs").fields().forEachRemaining(e -> html.details(e.getKey(), e.getValue().asText()));
        }
        html.p("Data behind every table and plot: <code>" + ReportFiles.DATA_DIR + "/</code>; plots as PNG, SVG and PDF (a title-less -paper.pdf for papers) in <code>"
                + ReportFiles.PLOTS_DIR + "/</code>. Regenerate with <code>./spatten report " + Html.esc(runDir.toString()) + "</code>.");
    }

    private void speedup() {
        html.section("speedup", "Speedup and energy saving versus the baselines");
        DataTable cmp = table(ReportFiles.COMPARISON);
        DataTable sp = table(ReportFiles.SPEEDUP);
        if (cmp == null || sp == null) {
            missing(cmp == null ? ReportFiles.COMPARISON : ReportFiles.SPEEDUP);
            return;
        }
        html.p("Latency and energy of each design on each workload. <b>method</b> says whether a number was simulated "
                + "(cycle-level model), measured (on this host or a real GPU) or modelled (roofline); speedup = baseline latency / "
                + "design latency, energy saving = baseline energy / design energy. In the charts a bar's colour says how the "
                + "baseline's figure was obtained (blue: simulated, green: measured, grey: modelled).");
        for (String workload : sp.distinct("workload")) {
            html.figures(SpeedupFigures.write(sp, cmp, workload, plotsDir, Html.slug(workload)));
        }
        html.table(sp, ReportFiles.SPEEDUP);
        html.h3("Latency, energy and DRAM traffic");
        html.table(cmp, ReportFiles.COMPARISON);
    }

    private static double lookup(DataTable t, String k1, String v1, String k2, String v2, String col) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, k1).equals(v1) && t.get(i, k2).equals(v2)) {
                return t.number(i, col);
            }
        }
        return Double.NaN;
    }

    private void ablation() {
        html.section("ablation", "Where the speedup comes from (ablation)");
        DataTable t = table(ReportFiles.ABLATION);
        if (t == null) {
            missing(ReportFiles.ABLATION);
            return;
        }
        html.p("As the paper's breakdown: the dense datapath, then cascade token and head pruning with a general sort-based "
                + "top-k, then the quick-select top-k engine, then progressive quantization. Each step is a full simulation.");
        List<String> figs = new ArrayList<>();
        for (String workload : t.distinct("workload")) {
            DataTable w = t.where("workload", workload::equals);
            List<String> steps = w.distinct("step");
            List<Double> speed = new ArrayList<>();
            for (int i = 0; i < w.size(); i++) {
                speed.add(w.number(i, "speedup_vs_dense"));
            }
            figs.add(Charts.save(Charts.bars("Ablation on " + workload, "step", "speedup over dense datapath (x)", steps,
                    Map.of("speedup", speed), false, false), plotsDir, "ablation_" + Html.slug(workload)));
        }
        html.figures(figs.toArray(String[]::new));
        html.table(t, ReportFiles.ABLATION);
    }

    private void dram() {
        html.section("dram", "DRAM access reduction");
        DataTable t = table(ReportFiles.DRAM_REDUCTION);
        if (t == null) {
            missing(ReportFiles.DRAM_REDUCTION);
            return;
        }
        html.p("Bytes read from DRAM by each design, and the reduction relative to the dense design on the same workload "
                + "(the paper reports 10.0x on average over 30 benchmarks).");
        List<String> workloads = t.distinct("workload");
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String model : t.distinct("model")) {
            List<Double> v = new ArrayList<>();
            for (String w : workloads) {
                v.add(lookup(t, "model", model, "workload", w, "dram_bytes"));
            }
            series.put(model, v);
        }
        html.figures(Charts.save(Charts.bars("DRAM bytes read", "workload", "bytes (log)", workloads, series, true, false),
                plotsDir, "dram_bytes"));
        if (t.columns().contains("key_bytes")) {
            // What each design reads: queries, keys, key LSBs (progressive quantization's refetch) and values.
            List<String> figs = new ArrayList<>();
            for (String w : workloads) {
                DataTable ww = t.where("workload", w::equals);
                List<String> models = ww.distinct("model");
                Map<String, List<Double>> byMatrix = new LinkedHashMap<>();
                for (String col : List.of("query_bytes", "key_bytes", "key_lsb_bytes", "value_bytes")) {
                    List<Double> v = new ArrayList<>();
                    for (String m : models) {
                        v.add(lookup(ww, "model", m, "workload", w, col) / 1e6);
                    }
                    byMatrix.put(col.replace("_bytes", "").replace("key_lsb", "key LSBs"), v);
                }
                figs.add(Charts.save(Charts.bars("DRAM traffic by matrix on " + w, "design", "MB read", models,
                        byMatrix, false, true), plotsDir, "dram_by_matrix_" + Html.slug(w)));
            }
            html.figures(figs.toArray(String[]::new));
        }
        html.table(t, ReportFiles.DRAM_REDUCTION);
    }

    private void latency() {
        html.section("latency", "Latency breakdown by unit");
        DataTable t = table(ReportFiles.UNIT_BREAKDOWN);
        if (t == null) {
            missing(ReportFiles.UNIT_BREAKDOWN);
            return;
        }
        html.p("Busy and idle cycles of each hardware unit over the run (units overlap in the pipeline, so the busy cycles of "
                + "different units do not add up to the total). Utilisation = busy cycles / total cycles. The table's stall cycles "
                + "sum, over all items, the cycles an item waited for the unit: a large value marks the unit as a queue point.");
        List<String> figs = new ArrayList<>();
        for (String model : t.distinct("model")) {
            DataTable m = t.where("model", model::equals);
            String workload = m.get(0, "workload");
            DataTable mw = m.where("workload", workload::equals);
            List<String> units = mw.distinct("unit");
            List<Double> busy = new ArrayList<>();
            List<Double> idle = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < mw.size(); i++) {
                double u = mw.number(i, "utilisation");
                total = u > 0 ? Math.max(total, mw.number(i, "busy_cycles") / u) : total;
            }
            for (int i = 0; i < mw.size(); i++) {
                double b = mw.number(i, "busy_cycles");
                busy.add(b);
                idle.add(Math.max(0, total - b));
            }
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("busy", busy);
            series.put("idle", idle);
            figs.add(Charts.save(Charts.bars(model + " on " + workload, "unit", "cycles", units, series, false, true),
                    plotsDir, "units_" + Html.slug(model)));
        }
        html.figures(figs.toArray(String[]::new));
        html.table(t, ReportFiles.UNIT_BREAKDOWN);
    }

    private void energyAndArea() {
        html.section("energy", "Energy breakdown and area");
        DataTable e = table(ReportFiles.ENERGY_BREAKDOWN);
        if (e == null) {
            missing(ReportFiles.ENERGY_BREAKDOWN);
        } else {
            html.p("Energy = energy per action x action counts (kept apart, as Accelergy does); categories: logic, SRAM, DRAM.");
            List<String> figs = new ArrayList<>();
            for (String workload : e.distinct("workload")) {
                DataTable w = e.where("workload", workload::equals);
                List<String> models = w.distinct("model");
                Map<String, List<Double>> series = new LinkedHashMap<>();
                double maxTotal = 0;
                double[] totals = new double[models.size()];
                for (String cat : w.distinct("category")) {
                    for (int mi = 0; mi < models.size(); mi++) {
                        double x = lookup(w, "model", models.get(mi), "category", cat, "energy_pj");
                        totals[mi] += Double.isNaN(x) ? 0 : x;
                    }
                }
                for (double t : totals) {
                    maxTotal = Math.max(maxTotal, t);
                }
                // pJ to an SI-prefixed joule (mJ, µJ, ...) chosen by the largest stacked bar.
                String[] prefixes = {"p", "n", "µ", "m", ""};
                int exp = maxTotal <= 0 ? 0 : (int) Math.max(0, Math.min(4, Math.floor(Math.log10(maxTotal) / 3)));
                double scale = Math.pow(1000, -exp);
                for (String cat : w.distinct("category")) {
                    List<Double> v = new ArrayList<>();
                    for (String m : models) {
                        double x = lookup(w, "model", m, "category", cat, "energy_pj");
                        v.add(Double.isNaN(x) ? 0.0 : x * scale);
                    }
                    series.put(cat, v);
                }
                figs.add(Charts.save(Charts.bars("Energy on " + workload, "design", "energy (" + prefixes[exp] + "J)",
                        models, series, false, true), plotsDir, "energy_" + Html.slug(workload)));
            }
            html.figures(figs.toArray(String[]::new));
            html.table(e, ReportFiles.ENERGY_BREAKDOWN);
        }
        DataTable prices = table(ReportFiles.ENERGY_PER_ACTION);
        if (prices != null) {
            html.h3("Energy per action");
            html.p("On-chip prices at the design's node (DRAM energy comes from the IDD model of the DRAM preset); "
                    + "each with its source.");
            html.table(prices, ReportFiles.ENERGY_PER_ACTION);
        }
        html.h3("Area by unit");
        DataTable a = table(ReportFiles.AREA);
        if (a == null) {
            missing(ReportFiles.AREA);
            return;
        }
        html.table(a, ReportFiles.AREA);
    }

    private void roofline() {
        html.section("roofline", "Roofline");
        DataTable c = table(ReportFiles.ROOFLINE_CEILINGS);
        DataTable p = table(ReportFiles.ROOFLINE_POINTS);
        if (c == null || p == null) {
            missing(c == null ? ReportFiles.ROOFLINE_CEILINGS : ReportFiles.ROOFLINE_POINTS);
            return;
        }
        html.p("Attainable throughput min(peak, bandwidth x intensity) for each platform (lines), and where each workload runs "
                + "on it (points: operations / seconds against operations / DRAM byte).");
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < p.size(); i++) {
            double x = p.number(i, "ops") / p.number(i, "bytes");
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        lo = Math.max(1e-3, Math.min(lo, 0.05) / 2);
        hi = Math.max(hi * 2, 1e3);
        Map<String, double[][]> ceilings = new LinkedHashMap<>();
        int n = 64;
        for (int i = 0; i < c.size(); i++) {
            double peak = c.number(i, "peak_gops");
            double bw = c.number(i, "bandwidth_gbps");
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = lo * Math.pow(hi / lo, k / (double) (n - 1));
                y[k] = Math.min(peak, bw * x[k]);
            }
            ceilings.put(c.get(i, "platform") + " (" + c.get(i, "method") + ")", new double[][] {x, y});
        }
        XYChart chart = Charts.lines("Roofline", "operational intensity (ops / DRAM byte)", "throughput (GOP/s)", ceilings, true, true);
        List<String> ceilingNames = c.distinct("platform");
        for (String platform : p.distinct("platform")) {
            DataTable pt = p.where("platform", platform::equals);
            double[] x = new double[pt.size()];
            double[] y = new double[pt.size()];
            for (int i = 0; i < pt.size(); i++) {
                x[i] = pt.number(i, "ops") / pt.number(i, "bytes");
                y[i] = pt.number(i, "ops") / pt.number(i, "seconds") / 1e9;
            }
            int idx = ceilingNames.indexOf(platform);
            Charts.points(chart, platform + " runs", x, y, Charts.color(idx < 0 ? ceilingNames.size() + 1 : idx));
        }
        html.figures(Charts.save(chart, plotsDir, "roofline"));
        html.table(c, ReportFiles.ROOFLINE_CEILINGS);
        html.table(p, ReportFiles.ROOFLINE_POINTS);
    }

    private void pruning() {
        html.section("pruning", "Pruning: tokens and heads kept, and what it costs in quality");
        DataTable t = table(ReportFiles.PRUNING);
        if (t == null) {
            missing(ReportFiles.PRUNING);
        } else {
            html.p("Fraction of the context's tokens (keys/values fetched) and of the heads kept in each layer, averaged over "
                    + "generation steps. Cascade pruning: a token or head pruned in one layer stays pruned in all later layers.");
            Map<String, double[][]> tokens = new LinkedHashMap<>();
            Map<String, double[][]> heads = new LinkedHashMap<>();
            for (String w : t.distinct("workload")) {
                DataTable ww = t.where("workload", w::equals);
                double[] layer = new double[ww.size()];
                double[] tk = new double[ww.size()];
                double[] hk = new double[ww.size()];
                for (int i = 0; i < ww.size(); i++) {
                    layer[i] = ww.number(i, "layer");
                    tk[i] = ww.number(i, "tokens_kept_fraction");
                    hk[i] = ww.number(i, "heads_kept_fraction");
                }
                tokens.put(w, new double[][] {layer, tk});
                heads.put(w, new double[][] {layer, hk});
            }
            XYChart tokensChart = Charts.lines("Tokens kept per layer", "layer", "fraction of tokens kept", tokens,
                    false, false);
            XYChart headsChart = Charts.lines("Heads kept per layer", "layer", "fraction of heads kept", heads, false, false);
            for (XYChart c : List.of(tokensChart, headsChart)) {
                // Fractions on their whole range: a 0.875..1 axis would make 2% look like everything.
                c.getStyler().setYAxisMin(0.0);
                c.getStyler().setYAxisMax(1.0);
            }
            html.figures(Charts.save(tokensChart, plotsDir, "tokens_kept"), Charts.save(headsChart, plotsDir, "heads_kept"));
            html.table(t, ReportFiles.PRUNING);
        }
        html.h3("Quality cost on the real model");
        DataTable q = table(ReportFiles.QUALITY);
        if (q == null) {
            missing(ReportFiles.QUALITY);
            return;
        }
        html.p("Next-token KL divergence and top-1 agreement of the pruned/quantized model against the dense model, over "
                + "the prompts' generated positions: the preset's ratios (chosen for GPT-2) beside the configuration the "
                + "quality budget search chose for this model, which the recorded workload's simulations use.");
        html.table(q, ReportFiles.QUALITY);
        DataTable search = table(ReportFiles.QUALITY_SEARCH);
        if (search == null) {
            missing(ReportFiles.QUALITY_SEARCH);
            return;
        }
        html.h3("Quality budget search");
        html.p("Greedy search, knob by knob from everything off: every level of a knob is evaluated on top of the levels "
                + "already chosen and the most aggressive one within the budget is kept (docs/demo.md). Bars under the "
                + "dashed line meet the KL budget; the table gives top-1 agreement and whether each met the whole budget.");
        List<String> labels = new ArrayList<>();
        List<Double> kl = new ArrayList<>();
        List<Double> top1 = new ArrayList<>();
        for (int i = 0; i < search.size(); i++) {
            labels.add(search.get(i, "knob") + " " + search.get(i, "level"));
            // Folders written before the column carried its unit name it kl_divergence.
            kl.add(search.number(i, search.has("kl_divergence_nats") ? "kl_divergence_nats" : "kl_divergence"));
            top1.add(100 * search.number(i, "top1_agreement"));
        }
        var klChart = Charts.bars("KL of each candidate", "candidate (knob level)", "KL (nats)", labels,
                Map.of("mean next-token KL", kl), false, false);
        Charts.referenceLine(klChart, labels, search.number(0, "budget_max_kl"), "KL budget");
        var topChart = Charts.bars("Top-1 agreement of each candidate", "candidate (knob level)",
                "top-1 agreement (%)", labels, Map.of("top-1 agreement", top1), false, false);
        Charts.referenceLine(topChart, labels, 100 * search.number(0, "budget_min_top1"), "top-1 budget");
        html.figures(Charts.save(klChart, plotsDir, "quality_search_kl"),
                Charts.save(topChart, plotsDir, "quality_search_top1"));
        html.table(search, ReportFiles.QUALITY_SEARCH);
    }

    private void winLoss() {
        html.section("win-loss", "Where SpAtten wins over its dense datapath, where it does not, and why");
        DataTable t = table(ReportFiles.WIN_LOSS);
        if (t == null) {
            missing(ReportFiles.WIN_LOSS);
            return;
        }
        html.p("Each design against the same datapath with pruning and quantization off, on each workload. The bounding "
                + "unit is the one with the most busy cycles (DRAM counted as its bytes at peak bandwidth); the sentences are "
                + "derived from these numbers (results.study.WinLossExplainer).");
        DataTable why = table(ReportFiles.WIN_LOSS_EXPLAINED);
        // Folders from before the split keep the sentences in the numbers' table.
        DataTable sentences = why != null ? why : t.has("explanation") ? t : null;
        if (sentences == null) {
            missing(ReportFiles.WIN_LOSS_EXPLAINED);
        } else {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                items.add(sentences.get(i, "explanation"));
            }
            html.list(items);
        }
        html.table(t, ReportFiles.WIN_LOSS);
    }

    private void paper() {
        html.section("paper", "Our numbers beside the paper's");
        DataTable t = table(ReportFiles.PAPER);
        if (t == null) {
            missing(ReportFiles.PAPER);
            return;
        }
        html.p("The SpAtten paper's published figures (sources in the table) beside what this run measured, with the "
                + "difference explained.");
        html.table(t, ReportFiles.PAPER);
    }

    private void validation() {
        html.section("validation", "Validation against SpAtten's RTL simulation");
        DataTable rows = table(ReportFiles.VALIDATION);
        DataTable steps = table(ReportFiles.VALIDATION_STEPS);
        if (rows == null || steps == null) {
            missing(rows == null ? ReportFiles.VALIDATION : ReportFiles.VALIDATION_STEPS);
            return;
        }
        html.p("SpAtten-1/8 replays the release's RTL simulation (Verilator + Ramulator 2.0, bundled reference figures; "
                + "docs/spatten-timing.md): the cycle at which each generated step of the pruned GPT-2-small workload "
                + "finished, iteration 0 alone, small.csv, and the HBM2_SpAtten DRAM preset on Ramulator 2.0's streams. "
                + "Each RTL figure is one random seed (about 1% spread per iteration). Regenerate with ./spatten validate.");
        html.figures(ValidationFiles.plot(steps, plotsDir));
        html.table(rows, ReportFiles.VALIDATION);
    }

    private void notes(JsonNode prov) {
        html.section("notes", "How things are modelled");
        if (prov == null || prov.path("notes").size() == 0) {
            html.p("<em>No modelling notes recorded in " + ReportFiles.PROVENANCE + ".</em>");
            return;
        }
        html.list(prov.path("notes"));
    }
}

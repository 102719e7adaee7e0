package org.spattensim.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.spattensim.common.InvalidInputException;

/**
 * The report of a KV-cache policy study folder ({@code ./spatten kv-policies}), rendered from its stored data only
 * ({@code data/kv_timing.csv}, {@code kv_quality.csv}, {@code kv_pareto.csv}, {@code kv_synth_fit.csv},
 * {@code provenance.json}): quality against speedup per policy with the Pareto front, speedup against context,
 * where each policy's hardware cost goes (DRAM bytes by matrix, energy by category, selection work), and the fit of
 * the synthetic traces.
 */
public final class KvPolicyReport {
    /** context_tokens, design, policy, budget, cycles, latency_s, speedup_vs_dense, energy_j, ..., DRAM bytes by matrix. */
    public static final String TIMING = "kv_timing.csv";
    /** policy, budget, kl_divergence_nats, max_kl_divergence_nats, top1_agreement, key_keep_share, prompts, predictions. */
    public static final String QUALITY = "kv_quality.csv";
    /** design, context_tokens, policy, budget, speedup_vs_dense, kl_divergence_nats, top1_agreement, pareto_optimal. */
    public static final String PARETO = "kv_pareto.csv";
    /** statistic, recorded, synthetic_held_out: the fit of the synthetic traces. */
    public static final String FIT = "kv_synth_fit.csv";

    private final Path dir;
    private final Path data;
    private final Path plots;
    private final Html html = new Html();

    private KvPolicyReport(Path dir) {
        this.dir = dir;
        this.data = dir.resolve(ReportFiles.DATA_DIR);
        this.plots = dir.resolve(ReportFiles.PLOTS_DIR);
    }

    /** True when {@code runDir} holds a KV-policy study's data. */
    public static boolean isKvStudy(Path runDir) {
        return Files.isRegularFile(runDir.resolve(ReportFiles.DATA_DIR).resolve(TIMING));
    }

    /** Writes {@code report.html} and {@code plots/} of a study folder; returns the report's path. */
    public static Path write(Path runDir) {
        return new KvPolicyReport(runDir).render();
    }

    private Path render() {
        for (String f : List.of(TIMING, QUALITY, PARETO)) {
            if (!Files.isRegularFile(data.resolve(f))) {
                throw InvalidInputException.of(data.resolve(f).toString(), null, "is missing",
                        "the data ./spatten kv-policies writes (" + TIMING + ", " + QUALITY + ", " + PARETO + ")");
            }
        }
        DataTable timing = DataTable.read(data.resolve(TIMING));
        DataTable quality = DataTable.read(data.resolve(QUALITY));
        DataTable pareto = DataTable.read(data.resolve(PARETO));
        List<String> designs = timing.distinct("design");
        List<String> policies = quality.distinct("policy");
        List<Double> contexts = timing.distinct("context_tokens").stream().map(Double::parseDouble).sorted().toList();
        double longest = contexts.get(contexts.size() - 1);

        html.begin("KV-cache policies on SpAtten-style hardware");
        html.section("setup", "What was run");
        html.p("Token-selection policies (docs/kv-policies.md for each rule and its source): " + Html.esc(
                String.join(", ", policies)) + ". Each runs at several budgets (the cascade: its schedule's average "
                + "pruning ratio; the KV policies: the share of the context one query attends to). Only token selection "
                + "changes: head and value pruning are off, quantization is as each design's preset has it. Quality is "
                + "measured on the bundled real model (stories260K): KL divergence and top-1 agreement of its next-token "
                + "distributions against the dense model. Timing, energy and DRAM traffic come from each design's "
                + "cycle-level model on <b>synthetic</b> decode traces of contexts " + Html.esc(contexts.stream()
                .map(c -> String.valueOf(c.intValue())).toList().toString()) + " whose attention statistics are fitted "
                + "to a trace recorded from the real model (no real long-context trace is bundled), against the same "
                + "design's dense datapath.");

        html.section("pareto", "Quality against speedup");
        html.p("At the longest context (" + (int) longest + " tokens). Up and left is worse: a point is Pareto-optimal "
                + "when no other setting is at least as fast with at most its KL divergence.");
        List<String> figs = new ArrayList<>();
        for (String d : designs) {
            figs.add(paretoChart(pareto, d, policies));
        }
        html.figures(figs.toArray(String[]::new));
        html.table(pareto, PARETO);

        html.section("context", "Speedup against context");
        html.p("Each policy at its middle budget; speedup over the same design's dense datapath.");
        figs.clear();
        for (String d : designs) {
            figs.add(contextChart(timing, d, policies));
        }
        html.figures(figs.toArray(String[]::new));

        html.section("cost", "Where each policy's hardware cost goes");
        html.p("At the longest context and each policy's middle budget: DRAM bytes by matrix (page metadata is what "
                + "Quest reads to rank pages), energy by category, and the cycles the top-k engine spends selecting "
                + "tokens (evictions, page rankings, cascade pruning).");
        DataTable cost = new DataTable("design", "policy", "budget", "dram_key_bytes", "dram_key_lsb_bytes",
                "dram_value_bytes", "dram_page_metadata_bytes", "energy_logic_j", "energy_sram_j", "energy_dram_j",
                "selection_topk_busy_cycles", "key_keep_share");
        figs.clear();
        for (String d : designs) {
            List<String> cats = new ArrayList<>();
            Map<String, List<Double>> bytes = new LinkedHashMap<>();
            Map<String, List<Double>> energy = new LinkedHashMap<>();
            for (String m : List.of("key", "key_lsb", "value", "page_metadata")) {
                bytes.put(m, new ArrayList<>());
            }
            for (String c : List.of("logic", "sram", "dram")) {
                energy.put(c, new ArrayList<>());
            }
            List<String> rowPolicies = new ArrayList<>(List.of("dense"));
            rowPolicies.addAll(policies);
            for (String p : rowPolicies) {
                int r = middleRow(timing, d, p, longest);
                if (r < 0) {
                    continue;
                }
                cats.add(p);
                for (String m : bytes.keySet()) {
                    bytes.get(m).add(timing.number(r, "dram_" + m + "_bytes") / 1e6);
                }
                for (String c : energy.keySet()) {
                    energy.get(c).add(timing.number(r, "energy_" + c + "_j") * 1e3);
                }
                cost.add(d, p, timing.get(r, "budget"), timing.get(r, "dram_key_bytes"), timing.get(r, "dram_key_lsb_bytes"),
                        timing.get(r, "dram_value_bytes"), timing.get(r, "dram_page_metadata_bytes"),
                        timing.get(r, "energy_logic_j"), timing.get(r, "energy_sram_j"), timing.get(r, "energy_dram_j"),
                        timing.get(r, "selection_topk_busy_cycles"), timing.get(r, "key_keep_share"));
            }
            String slug = Html.slug(d);
            figs.add(Charts.save(Charts.bars("DRAM traffic by matrix, " + d, "policy", "DRAM bytes read (MB)", cats,
                    bytes, false, true), plots, "kv_dram_" + slug));
            figs.add(Charts.save(Charts.bars("Energy by category, " + d, "policy", "energy (mJ)", cats, energy, false,
                    true), plots, "kv_energy_" + slug));
        }
        html.figures(figs.toArray(String[]::new));
        cost.write(data.resolve("kv_cost.csv"));
        html.table(cost, "kv_cost.csv");

        html.section("quality", "Quality on the real model");
        Map<String, List<Double>> kl = new LinkedHashMap<>();
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < quality.size(); i++) {
            cats.add(quality.get(i, "policy") + " @" + DataTable.fmt(quality.number(i, "budget")));
        }
        List<Double> klValues = new ArrayList<>();
        List<Double> top1 = new ArrayList<>();
        for (int i = 0; i < quality.size(); i++) {
            klValues.add(quality.number(i, "kl_divergence_nats"));
            top1.add(quality.number(i, "top1_agreement"));
        }
        kl.put("KL divergence (nats)", klValues);
        kl.put("top-1 agreement", top1);
        html.figures(Charts.save(Charts.bars("Quality cost per setting (stories260K)", "policy @ budget",
                "KL (nats) / top-1 agreement", cats, kl, false, false), plots, "kv_quality"));
        html.table(quality, QUALITY);

        if (Files.isRegularFile(data.resolve(FIT))) {
            html.section("synthetic", "Synthetic traces: fit to the recorded model");
            html.p("The synthetic generator's strengths and temperatures were fitted (Nelder-Mead) to the statistics of "
                    + "a trace recorded from the bundled model; the synthetic column is measured on held-out seeds. The "
                    + "long-context traces reuse the fitted parameters at a GPT-2-small shape: their statistics are an "
                    + "extrapolation, not a measurement of a real long-context model.");
            html.table(DataTable.read(data.resolve(FIT)), FIT);
        }

        html.section("timing", "Every timing run");
        html.table(timing, TIMING);
        provenance();
        html.p("Regenerate with <code>./spatten report " + Html.esc(dir.toString()) + "</code>. Every table is a CSV "
                + "with full precision and a LaTeX <code>.tex</code> beside it; every figure a PNG, SVG and PDF in "
                + "<code>plots/</code>.");
        html.end();
        return html.writeReport(dir);
    }

    /** The row of a policy's middle budget at one context and design (the dense row for "dense"), or -1. */
    private static int middleRow(DataTable t, String design, String policy, double context) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "design").equals(design) && t.get(i, "policy").equals(policy)
                    && t.number(i, "context_tokens") == context) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            return -1;
        }
        rows.sort((a, b) -> Double.compare(t.number(a, "budget"), t.number(b, "budget")));
        return rows.get(rows.size() / 2);
    }

    private String paretoChart(DataTable pareto, String design, List<String> policies) {
        XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Quality vs speedup, " + design).xAxisTitle("speedup over the dense datapath (x)")
                .yAxisTitle("KL divergence vs dense (nats)").build();
        Charts.style(c.getStyler());
        c.getStyler().setLegendVisible(true);
        int color = 0;
        List<double[]> front = new ArrayList<>();
        for (String p : policies) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < pareto.size(); i++) {
                if (pareto.get(i, "design").equals(design) && pareto.get(i, "policy").equals(p)) {
                    double[] xy = {pareto.number(i, "speedup_vs_dense"), pareto.number(i, "kl_divergence_nats")};
                    pts.add(xy);
                    if (Boolean.parseBoolean(pareto.get(i, "pareto_optimal"))) {
                        front.add(xy);
                    }
                }
            }
            if (!pts.isEmpty()) {
                // One curve per policy through its budgets, in speedup order, so each policy's trade-off reads as a line.
                pts.sort((a, b) -> Double.compare(a[0], b[0]));
                var series = c.addSeries(p, pts.stream().mapToDouble(x -> x[0]).toArray(),
                        pts.stream().mapToDouble(x -> x[1]).toArray());
                series.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.DIAMOND);
                series.setLineColor(Charts.color(color));
                series.setMarkerColor(Charts.color(color));
            }
            color++;
        }
        if (front.size() > 1) {
            front.sort((a, b) -> Double.compare(a[0], b[0]));
            String name = "Pareto front";
            c.addSeries(name, front.stream().mapToDouble(x -> x[0]).toArray(), front.stream().mapToDouble(x -> x[1])
                    .toArray()).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE).setLineColor(java.awt.Color.BLACK);
            Charts.dashed(c, name);
        }
        return Charts.save(c, plots, "kv_pareto_" + Html.slug(design));
    }

    private String contextChart(DataTable timing, String design, List<String> policies) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        List<Double> contexts = timing.distinct("context_tokens").stream().map(Double::parseDouble).sorted().toList();
        for (String p : policies) {
            double[] x = new double[contexts.size()];
            double[] y = new double[contexts.size()];
            int n = 0;
            for (double ctx : contexts) {
                int r = middleRow(timing, design, p, ctx);
                if (r >= 0) {
                    x[n] = ctx;
                    y[n++] = timing.number(r, "speedup_vs_dense");
                }
            }
            if (n > 0) {
                series.put(p, new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)});
            }
        }
        XYChart c = Charts.lines("Speedup vs context, " + design, "context (tokens)", "speedup over dense (x)", series,
                false, false);
        return Charts.save(c, plots, "kv_context_" + Html.slug(design));
    }

    private void provenance() {
        Path f = data.resolve(ReportFiles.PROVENANCE);
        if (!Files.isRegularFile(f)) {
            return;
        }
        JsonNode p;
        try {
            p = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(f.toString(), null, "is not readable JSON: " + e.getMessage(),
                    "the provenance.json the study wrote");
        }
        html.section("provenance", "Provenance");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("command", p.path("command").asText());
        facts.put("tool", p.path("tool_version").asText() + ", git " + p.path("git_revision").asText());
        facts.put("written", p.path("created").asText());
        JsonNode m = p.path("machine");
        facts.put("host", m.path("host").asText() + ", " + m.path("cores").asText() + " cores, " + m.path("os").asText()
                + ", " + m.path("java").asText());
        facts.put("synthetic parameters", p.path("synth_params").asText());
        facts.put("dense datapath", p.path("dense").asText());
        html.definitions(facts);
        html.h3("Traces");
        html.jsonTable(p.path("traces"));
        html.h3("Settings");
        html.jsonTable(p.path("settings"));
    }
}

package org.spattensim.results.report;

/**
 * Fixed names of the files in a run folder ({@code results/runs/<name>/}), as Timeloop keeps fixed
 * output names: the data under {@code data/}, the plots under {@code plots/}, and {@code report.html}.
 * Columns of each table are listed beside its name; {@link ReportGenerator} reads only these files. Column names
 * are snake_case with the unit as a suffix where the quantity has one ({@code latency_s}, {@code energy_j},
 * {@code energy_pj}, {@code dram_bytes}, {@code area_mm2}, {@code kl_divergence_nats}, {@code busy_cycles}); ratios,
 * shares and speedups carry none ({@code speedup_vs_dense}, {@code top1_agreement}, {@code tokens_kept_fraction}).
 * Numbers are written at full precision.
 */
public final class ReportFiles {
    private ReportFiles() {}

    public static final String DATA_DIR = "data";
    public static final String PLOTS_DIR = "plots";
    public static final String REPORT = "report.html";

    /**
     * JSON object, the same form in every output folder ({@link Provenance}): run, created, tool_version, git_revision,
     * command, machine{host, os, cores, java, cpu, load_average_1m}, traces[], and per command models[], configs{},
     * settings[], notes[].
     */
    public static final String PROVENANCE = "provenance.json";
    /** workload, model, kind, method, latency_s, energy_j, dram_bytes, source. */
    public static final String COMPARISON = "comparison.csv";
    /** workload, model, baseline, speedup, energy_saving. */
    public static final String SPEEDUP = "speedup.csv";
    /** workload, step, cycles, dram_bytes, speedup_vs_previous, speedup_vs_dense, dram_reduction_vs_dense. */
    public static final String ABLATION = "ablation.csv";
    /** workload, model, dram_bytes, reduction_vs_dense. */
    public static final String DRAM_REDUCTION = "dram_reduction.csv";
    /** model, workload, unit, busy_cycles, stall_cycles, utilisation. */
    public static final String UNIT_BREAKDOWN = "unit_breakdown.csv";
    /** model, workload, category, energy_pj. */
    public static final String ENERGY_BREAKDOWN = "energy_breakdown.csv";
    /** component, action, category, pj_per_action, source: the energy table the SpAtten designs were priced with. */
    public static final String ENERGY_PER_ACTION = "energy_per_action.csv";
    /** model, unit, area_mm2, source. */
    public static final String AREA = "area.csv";
    /** platform, peak_gops, bandwidth_gbps, method. */
    public static final String ROOFLINE_CEILINGS = "roofline_ceilings.csv";
    /** platform, workload, ops, bytes, seconds. */
    public static final String ROOFLINE_POINTS = "roofline_points.csv";
    /** workload, layer, tokens_kept_fraction, heads_kept_fraction. */
    public static final String PRUNING = "pruning.csv";
    /** setting, kl_divergence_nats, top1_agreement, prompts, positions, keep ratios, within_budget. */
    public static final String QUALITY = "quality.csv";
    /** One row per configuration the quality budget search evaluated on the real model, in order. */
    public static final String QUALITY_SEARCH = "quality_search.csv";
    /** Each SpAtten design against its dense datapath per workload: bounding units and why it wins or not. */
    public static final String WIN_LOSS = "win_loss.csv";
    /** workload, design, explanation: the sentences derived from {@link #WIN_LOSS}'s numbers. */
    public static final String WIN_LOSS_EXPLAINED = "win_loss_explained.csv";
    /** metric, paper, ours, source, explanation. */
    public static final String PAPER = "paper_comparison.csv";
    /** case, metric, unit, ours, reference, error_percent, lower, upper, tolerance, pass: {@code ./spatten validate}. */
    public static final String VALIDATION = "validation.csv";
    /** step, ours/reference cumulative finish cycle and increment, and their errors in percent. */
    public static final String VALIDATION_STEPS = "validation_steps.csv";
    /** Subfolder of {@code data/} holding an exploration's output ({@code ./spatten explore -o <run>/data/explore}). */
    public static final String EXPLORE_DIR = "explore";
}

package org.spattensim.results.study;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.spatten.SpattenAccelerator;
import org.spattensim.accel.quality.DenseReference;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.energy.EnergyPreset;
import org.spattensim.accel.spatten.pipeline.Ablation;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.config.YamlConfig;
import org.spattensim.energy.EnergyTable;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineRegistry;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.baseline.gpu.GpuSpec;
import org.spattensim.results.baseline.gpu.GpuSpecTable;
import org.spattensim.results.compare.AblationTable;
import org.spattensim.results.compare.SpeedupTable;
import org.spattensim.results.report.DataTable;
import org.spattensim.results.report.ReportFiles;
import org.spattensim.results.report.ReportGenerator;
import org.spattensim.results.report.ValidationFiles;
import org.spattensim.accel.spatten.validation.RtlValidation;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;

/**
 * The main job ({@code ./spatten demo}): records a trace from the bundled real model, loads SpAtten's released
 * GPT-2-small workload, simulates SpAtten, SpAtten-1/8, their dense datapaths, A3 and MNNFast on both, measures
 * the CPU baseline on this host, models the GPUs, measures the quality cost on the real model, and writes a run
 * folder with the data behind every table and plot and {@code report.html}.
 */
public final class DemoStudy {
    /**
     * What to run and where.
     *
     * @param steps  tokens to generate when recording; 0 fills the model's context
     * @param budget the quality budget the real model's pruning is chosen under
     */
    public record Options(Path runDir, String prompt, int steps, int threads, boolean measureCpu, int cpuRuns,
                          List<String> userTraces, QualityBudgetSearch.Budget budget) {
        public Options {
            userTraces = userTraces == null ? List.of() : List.copyOf(userTraces);
            budget = budget == null ? DEFAULT_BUDGET : budget;
        }

        public Options(Path runDir, String prompt, int steps, int threads, boolean measureCpu, int cpuRuns) {
            this(runDir, prompt, steps, threads, measureCpu, cpuRuns, List.of(), DEFAULT_BUDGET);
        }

        public static Options defaults(Path runDir) {
            return new Options(runDir, "Once upon a time, there was a little girl", 0,
                    Math.max(1, Runtime.getRuntime().availableProcessors()), true, 7);
        }

        public Options withUserTraces(List<String> traces) {
            return new Options(runDir, prompt, steps, threads, measureCpu, cpuRuns, traces, budget);
        }

        public Options withBudget(QualityBudgetSearch.Budget b) {
            return new Options(runDir, prompt, steps, threads, measureCpu, cpuRuns, userTraces, b);
        }
    }

    /**
     * The default quality budget (our choice, the example): mean next-token KL at most 0.05 nats and top-1
     * agreement at least 95% against the dense model.
     */
    public static final QualityBudgetSearch.Budget DEFAULT_BUDGET = new QualityBudgetSearch.Budget(0.05, 0.95);

    static final String GPT2 = "gpt2-small-wikitext2";
    static final String RECORDED = "stories260K-recorded";
    /** The encoder case: a synthetic bert-base prefill (bidirectional) at this length. */
    static final String ENCODER = "bert-base-prefill-128";
    static final int ENCODER_LENGTH = 128;
    static final List<String> GPUS = List.of("titan-xp", "v100", "a100", "h100", "jetson-nano");
    static final List<String> DESIGNS = List.of("spatten", "spatten-1/8");
    /** The accelerators SpAtten compares with (paper Sec. V-C), modelled from their own papers. */
    static final List<String> PRIOR_ACCELERATORS = List.of("a3", "mnnfast");

    private final Options o;
    private final Consumer<String> progress;
    private final Path data;

    public DemoStudy(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
        this.data = options.runDir().resolve(ReportFiles.DATA_DIR);
    }

    /** Runs everything; returns the path of report.html. */
    public Path run() throws IOException {
        Files.createDirectories(data);
        Path traces = o.runDir().resolve("traces");
        Files.createDirectories(traces);

        RecorderModel model = RecorderModel.loadDefault();
        int contextLength = model.model().config().seqLen();
        int steps = o.steps() > 0 ? o.steps()
                : contextLength - model.tokenizer().encode(o.prompt(), true, false).length;
        progress.accept("recording a decode trace from the bundled stories260K model (" + steps + " tokens"
                + (o.steps() > 0 ? "" : ", filling its " + contextLength + "-token context") + ")");
        DecodeRecorder recorder = new DecodeRecorder(model);
        Generation g = recorder.generate(o.prompt(), steps, TokenSampler.greedy());
        Path recorded = traces.resolve("stories260K.safetensors");
        var meta = recorder.writeDecodeTrace(g, recorded, TraceDType.F32);

        // The real model's pruning is chosen under the quality budget, as the paper chose each benchmark's
        // configuration under an accuracy constraint, instead of applying GPT-2's ratios to a 5-layer model.
        progress.accept("quality: dense reference on " + QualityEvaluator.DEFAULT_PROMPTS.size()
                + " prompts over the model's " + contextLength + "-token context");
        DenseReference reference = QualityEvaluator.reference(model, QualityEvaluator.DEFAULT_PROMPTS, contextLength);
        QualityBudgetSearch.Result search = QualityBudgetSearch.run(model, SpattenPresets.FULL, reference, o.budget(),
                QualityBudgetSearch.defaultKnobs(), o.threads(), progress);
        progress.accept("quality budget search chose: " + String.join(", ", search.choices()));
        QualityReport presetQuality = QualityEvaluator.evaluate(model, SpattenPresets.load(SpattenPresets.FULL),
                reference);
        progress.accept("synthesising an encoder trace: bert-base prefill over " + ENCODER_LENGTH
                + " tokens, bidirectional (./spatten synth)");
        Path encoder = traces.resolve(ENCODER + ".safetensors");
        org.spattensim.trace.synth.SynthTraceWriter.write(encoder, new org.spattensim.trace.synth.SynthSpec(
                org.spattensim.trace.synth.ModelShape.byName("bert-base"), org.spattensim.trace.TraceMode.PREFILL,
                ENCODER_LENGTH, 0, 1, org.spattensim.trace.synth.SynthParams.DEFAULTS, false, TraceDType.F32));

        SpattenConfig full = SpattenPresets.load(SpattenPresets.FULL);
        SpattenConfig eighth = SpattenPresets.load(SpattenPresets.EIGHTH);
        SpattenConfig fullChosen = SpattenPresets.load(SpattenPresets.FULL, search.chosen());
        SpattenConfig eighthChosen = SpattenPresets.load(SpattenPresets.EIGHTH, search.chosen());
        Map<String, String> workloads = new LinkedHashMap<>();
        workloads.put(GPT2, GPT2);
        workloads.put(RECORDED, recorded.toString());
        workloads.put(ENCODER, encoder.toString());
        // The user's own traces (demo --trace) join the whole study: every design, the baselines, the report.
        for (String t : o.userTraces()) {
            String name = userWorkloadName(t, workloads.keySet());
            workloads.put(name, t);
        }

        progress.accept("simulating spatten, spatten-1/8 (4 ablation steps each), a3 and mnnfast on " + workloads.size()
                + " workloads with " + o.threads() + " threads");
        List<Callable<List<StudyPoint>>> jobs = new ArrayList<>();
        for (var e : workloads.entrySet()) {
            String name = e.getKey();
            String source = e.getValue();
            boolean real = name.equals(RECORDED);
            jobs.add(() -> ablationPoints(name, "spatten", "dense", real ? fullChosen : full, source));
            jobs.add(() -> ablationPoints(name, "spatten-1/8", "dense-1/8", real ? eighthChosen : eighth, source));
            for (String b : PRIOR_ACCELERATORS) {
                if (Accelerators.get(b).decidesFromData() && WorkloadLoader.decisionDriven(source)) {
                    continue;  // A3 and MNNFast decide from Q/K/V, which SpAtten's released CSV does not hold
                }
                jobs.add(() -> List.of(new StudyPoint(name, b, Accelerators.get(b).run(RunRequest.of(source)), null)));
            }
        }
        List<StudyPoint> points = runAll(jobs);

        progress.accept("baselines: CPU measured on this host" + (o.measureCpu() ? "" : " (skipped)") + ", GPUs modelled");
        Map<String, AttentionShape> shapes = new LinkedHashMap<>();
        shapes.put(GPT2, AttentionShape.decode(12, 12, 64, 992, 32));
        int promptLen = meta.promptLength();
        shapes.put(ENCODER, org.spattensim.results.compare.ComparisonRunner.shapeOf(
                WorkloadLoader.load(encoder.toString(), full, AblationStep.DENSE).workload()));
        shapes.put(RECORDED, new AttentionShape(meta.layers(), meta.queryHeads(), meta.kvHeads(), meta.headDim(),
                promptLen + steps, steps, AttentionShape.Mode.DECODE, true));
        for (var e : workloads.entrySet()) {
            if (!shapes.containsKey(e.getKey())) {
                shapes.put(e.getKey(), org.spattensim.results.compare.ComparisonRunner.shapeOf(
                        WorkloadLoader.load(e.getValue(), full, AblationStep.DENSE).workload()));
            }
        }
        BaselineRegistry registry = BaselineRegistry.defaults();
        Map<String, Map<String, BaselineResult>> baselines = new LinkedHashMap<>();
        for (var e : shapes.entrySet()) {
            Map<String, BaselineResult> m = new LinkedHashMap<>();
            if (o.measureCpu()) {
                m.put("cpu", registry.get("cpu").evaluate(e.getValue()));
            }
            for (String gpu : GPUS) {
                m.put("gpu:" + gpu, registry.get("gpu:" + gpu).evaluate(e.getValue()));
            }
            baselines.put(e.getKey(), m);
        }

        progress.accept("validating spatten-1/8 against SpAtten's RTL simulation and Ramulator 2.0 (as ./spatten validate)");
        ValidationFiles.write(RtlValidation.run(i -> { }), data, o.runDir().resolve(ReportFiles.PLOTS_DIR));

        progress.accept("writing data and report to " + o.runDir());
        DataTable comparison = comparison(points, baselines, shapes);
        comparison.write(data.resolve(ReportFiles.COMPARISON));
        List<String> baselineNames = new ArrayList<>(List.of("dense", "dense-1/8"));
        baselineNames.addAll(PRIOR_ACCELERATORS);
        if (o.measureCpu()) {
            baselineNames.add("cpu");
        }
        GPUS.forEach(gpu -> baselineNames.add("gpu:" + gpu));
        SpeedupTable.derive(comparison, DESIGNS, baselineNames).write(data.resolve(ReportFiles.SPEEDUP));
        ablation(points).write(data.resolve(ReportFiles.ABLATION));
        dramReduction(points).write(data.resolve(ReportFiles.DRAM_REDUCTION));
        units(points).write(data.resolve(ReportFiles.UNIT_BREAKDOWN));
        energy(points).write(data.resolve(ReportFiles.ENERGY_BREAKDOWN));
        energyPerAction().write(data.resolve(ReportFiles.ENERGY_PER_ACTION));
        area(points).write(data.resolve(ReportFiles.AREA));
        roofline(points, baselines, shapes);
        pruning(workloads, full, fullChosen).write(data.resolve(ReportFiles.PRUNING));
        quality(presetQuality, search).write(data.resolve(ReportFiles.QUALITY));
        qualitySearch(search).write(data.resolve(ReportFiles.QUALITY_SEARCH));
        WinLossExplainer winLoss = winLoss(points, shapes);
        winLoss.table().write(data.resolve(ReportFiles.WIN_LOSS));
        winLoss.explanations().write(data.resolve(ReportFiles.WIN_LOSS_EXPLAINED));
        PaperComparison.table(points, baselines, o.measureCpu()).write(data.resolve(ReportFiles.PAPER));
        provenance(g, meta.promptLength(), steps, full, eighth, search);
        return ReportGenerator.generate(o.runDir());
    }

    /** A workload name for a user's trace: its file name without extension, made unique. */
    static String userWorkloadName(String trace, java.util.Set<String> taken) {
        String base = java.nio.file.Path.of(trace).getFileName().toString().replaceAll("\\.(safetensors|csv)$", "");
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static List<StudyPoint> ablationPoints(String workload, String design, String dense, SpattenConfig c, String source) {
        List<Ablation.Step> steps = Ablation.run(c, source);
        List<StudyPoint> out = new ArrayList<>();
        for (Ablation.Step s : steps) {
            String model = s.step() == AblationStep.DENSE ? dense
                    : s.step() == AblationStep.PROGRESSIVE_QUANTIZATION ? design : design + " " + s.label();
            out.add(new StudyPoint(workload, model, SpattenAccelerator.toRun(model, s.run(), ""), s.run()));
        }
        return out;
    }

    private List<StudyPoint> runAll(List<Callable<List<StudyPoint>>> jobs) {
        List<StudyPoint> out = new ArrayList<>();
        StudyJobs.runAll(o.threads(), jobs, done -> progress.accept("  simulations " + done + "/" + jobs.size()))
                .forEach(out::addAll);
        return out;
    }

    private static boolean headline(StudyPoint p) {
        return !p.model().contains("+");
    }

    private static DataTable comparison(List<StudyPoint> points, Map<String, Map<String, BaselineResult>> baselines,
                                        Map<String, AttentionShape> shapes) {
        DataTable t = new DataTable("workload", "model", "kind", "method", "latency_s", "energy_j", "dram_bytes", "source");
        for (String w : shapes.keySet()) {
            for (StudyPoint p : points) {
                if (p.workload().equals(w) && headline(p)) {
                    t.add(w, p.model(), "accelerator", "simulated", p.run().seconds(), p.run().energyPj() * 1e-12,
                            p.run().dramBytesRead(), p.run().method());
                }
            }
            for (var b : baselines.get(w).entrySet()) {
                BaselineResult r = b.getValue();
                t.add(w, b.getKey(), b.getKey().startsWith("gpu") ? "gpu" : "cpu", r.measured() ? "measured" : "modelled",
                        r.latencySeconds(), r.energyJoules(), "", r.method());
            }
        }
        return t;
    }

    private static DataTable ablation(List<StudyPoint> points) {
        DataTable t = new DataTable("workload", "step", "cycles", "dram_bytes", "speedup_vs_previous", "speedup_vs_dense",
                "dram_reduction_vs_dense");
        for (String w : distinct(points)) {
            List<Ablation.Step> steps = new ArrayList<>();
            for (StudyPoint p : points) {
                if (p.workload().equals(w) && (p.model().startsWith("spatten ") || p.model().equals("spatten") || p.model().equals("dense"))) {
                    AblationStep s = AblationStep.values()[steps.size()];
                    steps.add(new Ablation.Step(s, Ablation.LABELS.get(s.ordinal()), p.spatten()));
                }
            }
            DataTable one = AblationTable.of(w + " (spatten)", steps);
            for (List<String> row : one.rows()) {
                t.add(row.toArray());
            }
        }
        return t;
    }

    private static List<String> distinct(List<StudyPoint> points) {
        List<String> out = new ArrayList<>();
        for (StudyPoint p : points) {
            if (!out.contains(p.workload())) {
                out.add(p.workload());
            }
        }
        return out;
    }

    private static DataTable dramReduction(List<StudyPoint> points) {
        DataTable t = new DataTable("workload", "model", "dram_bytes", "reduction_vs_dense", "query_bytes", "key_bytes",
                "key_lsb_bytes", "value_bytes");
        for (String w : distinct(points)) {
            long dense = 0;
            for (StudyPoint p : points) {
                if (p.workload().equals(w) && p.model().equals("dense")) {
                    dense = p.run().dramBytesRead();
                }
            }
            for (StudyPoint p : points) {
                if (p.workload().equals(w) && headline(p)) {
                    var m = p.run().dramBytesByMatrix();
                    t.add(w, p.model(), p.run().dramBytesRead(), (double) dense / p.run().dramBytesRead(),
                            m.getOrDefault("query", 0L), m.getOrDefault("key", 0L), m.getOrDefault("key_lsb", 0L),
                            m.getOrDefault("value", 0L));
                }
            }
        }
        return t;
    }

    private static DataTable units(List<StudyPoint> points) {
        DataTable t = new DataTable("model", "workload", "unit", "busy_cycles", "stall_cycles", "utilisation");
        for (StudyPoint p : points) {
            if (!p.workload().equals(GPT2) || !DESIGNS.contains(p.model())) {
                continue;
            }
            for (String u : List.of("qk", "softmax.accumulate", "softmax.normalize", "topk.value", "topk.cascade", "pv")) {
                var s = p.run().stats();
                t.add(p.model(), p.workload(), u, s.counterValue("unit." + u + ".busy_cycles"),
                        s.counterValue("unit." + u + ".stall_cycles"), s.value("unit." + u + ".utilisation"));
            }
        }
        return t;
    }

    private static DataTable energy(List<StudyPoint> points) {
        DataTable t = new DataTable("model", "workload", "category", "energy_pj");
        for (StudyPoint p : points) {
            if (headline(p)) {
                p.run().energyByCategory().forEach((k, v) -> t.add(p.model(), p.workload(), k, v));
            }
        }
        return t;
    }

    /** The on-chip prices every SpAtten run here used (the timing model's default table at its node). */
    private static DataTable energyPerAction() {
        EnergyTable table = EnergyPreset.defaultPreset().at(SpattenTimingModel.NODE_NM);
        DataTable t = new DataTable("component", "action", "category", "pj_per_action", "source");
        for (EnergyTable.Entry e : table.entries()) {
            t.add(e.component(), e.action(), e.category().name().toLowerCase(), e.picojoules(), e.source());
        }
        return t;
    }

    private static DataTable area(List<StudyPoint> points) {
        DataTable t = new DataTable("model", "unit", "area_mm2", "source");
        List<String> seen = new ArrayList<>();
        for (StudyPoint p : points) {
            if (DESIGNS.contains(p.model()) && !seen.contains(p.model())) {
                seen.add(p.model());
                p.run().areaByUnit().forEach((k, v) -> t.add(p.model(), k, v, k.endsWith("buffer")
                        ? "SRAM bits x 0.5 um2/bit (our assumption)" : k.equals("topk") ? "2.7% of 18.71 mm2 [KR], by comparators"
                        : "per-lane area calibrated to 18.71 mm2 [KR]"));
            }
        }
        return t;
    }

    private void roofline(List<StudyPoint> points, Map<String, Map<String, BaselineResult>> baselines,
                          Map<String, AttentionShape> shapes) {
        DataTable c = new DataTable("platform", "peak_gops", "bandwidth_gbps", "method");
        DataTable pts = new DataTable("platform", "workload", "ops", "bytes", "seconds");
        for (String d : DESIGNS) {
            for (StudyPoint p : points) {
                if (p.model().equals(d)) {
                    SpattenConfig cfg = p.spatten().config();
                    c.add(d, 2.0 * cfg.compute().totalMultipliers() * cfg.compute().clockGhz(), p.run().stats().value("dram.peak_gbps"),
                            "design peak");
                    break;
                }
            }
            for (StudyPoint p : points) {
                if (p.model().equals(d)) {
                    pts.add(d, p.workload(), p.ops(), p.run().dramBytesRead(), p.run().seconds());
                }
            }
        }
        GpuSpecTable specs = GpuSpecTable.defaults();
        for (String gpu : GPUS) {
            GpuSpec s = specs.get(gpu);
            c.add("gpu:" + gpu, s.peakFlops(s.defaultPrecision()) / 1e9, s.bandwidth() / 1e9, "spec sheet (modelled)");
            for (String w : shapes.keySet()) {
                BaselineResult r = baselines.get(w).get("gpu:" + gpu);
                AttentionShape sh = shapes.get(w);
                double bytes = 2.0 * sh.layers() * sh.kvHeads() * sh.headDim() * 2 * sh.contextLength() * sh.queries();
                pts.add("gpu:" + gpu, w, sh.denseFlops(), bytes, r.latencySeconds());
            }
        }
        c.write(data.resolve(ReportFiles.ROOFLINE_CEILINGS));
        pts.write(data.resolve(ReportFiles.ROOFLINE_POINTS));
    }

    private static DataTable pruning(Map<String, String> workloads, SpattenConfig full, SpattenConfig realChosen) {
        DataTable t = new DataTable("workload", "layer", "tokens_kept_fraction", "heads_kept_fraction");
        for (var e : workloads.entrySet()) {
            SpattenConfig c = e.getKey().equals(RECORDED) ? realChosen : full;
            Workload w = WorkloadLoader.load(e.getValue(), c, AblationStep.PROGRESSIVE_QUANTIZATION).workload();
            double[] kept = new double[w.layers()];
            double[] heads = new double[w.layers()];
            int[] n = new int[w.layers()];
            for (int i = 0; i < w.size(); i++) {
                int l = w.layer(i);
                kept[l] += (double) w.keptKeys(i) / w.contextLength(i);
                heads[l] += w.headPruned(i) ? 0 : 1;
                n[l]++;
            }
            for (int l = 0; l < kept.length; l++) {
                t.add(e.getKey(), l, n[l] == 0 ? 0.0 : kept[l] / n[l], n[l] == 0 ? 0.0 : heads[l] / n[l]);
            }
        }
        return t;
    }

    /** The preset's quality on the real model beside the configuration chosen under the budget. */
    private DataTable quality(QualityReport preset, QualityBudgetSearch.Result search) {
        DataTable t = new DataTable("setting", "kl_divergence_nats", "top1_agreement", "prompts", "positions",
                "key_keep_ratio", "value_keep_ratio", "head_pruned_share", "within_budget");
        t.add("spatten preset (GPT-2's ratios)", preset.meanKl(), preset.top1Agreement(), preset.prompts(),
                preset.positions(), preset.keyKeepRatio(), preset.valueKeepRatio(), preset.headPrunedShare(),
                o.budget().admits(preset));
        QualityReport c = search.quality();
        t.add("chosen under " + o.budget().describe() + ": " + String.join(", ", search.choices()), c.meanKl(),
                c.top1Agreement(), c.prompts(), c.positions(), c.keyKeepRatio(), c.valueKeepRatio(),
                c.headPrunedShare(), true);
        return t;
    }

    private static DataTable qualitySearch(QualityBudgetSearch.Result search) {
        DataTable t = new DataTable("order", "knob", "level", "kl_divergence_nats", "top1_agreement", "key_keep_ratio",
                "value_keep_ratio", "head_pruned_share", "within_budget", "chosen", "budget_max_kl",
                "budget_min_top1", "overrides");
        int i = 0;
        for (QualityBudgetSearch.Candidate c : search.tried()) {
            QualityReport q = c.quality();
            t.add(i++, c.knob(), c.level(), q.meanKl(), q.top1Agreement(), q.keyKeepRatio(), q.valueKeepRatio(),
                    q.headPrunedShare(), c.within(), c.overrides().equals(search.chosen()), search.budget().maxKl(),
                    search.budget().minTop1(), String.join(",", c.overrides()));
        }
        return t;
    }

    /** Each SpAtten design against its dense datapath on each workload, with why it wins or not. */
    private static WinLossExplainer winLoss(List<StudyPoint> points, Map<String, AttentionShape> shapes) {
        WinLossExplainer x = new WinLossExplainer();
        for (String w : distinct(points)) {
            for (int d = 0; d < DESIGNS.size(); d++) {
                String dense = d == 0 ? "dense" : "dense-1/8";
                StudyPoint pd = find(points, w, dense);
                StudyPoint pp = find(points, w, DESIGNS.get(d));
                if (pd != null && pp != null && shapes.containsKey(w)) {
                    x.add(w, DESIGNS.get(d), shapes.get(w).headDim(), pp.spatten().config(), pd.run(), pp.run());
                }
            }
        }
        return x;
    }

    private static StudyPoint find(List<StudyPoint> points, String workload, String model) {
        for (StudyPoint p : points) {
            if (p.workload().equals(workload) && p.model().equals(model)) {
                return p;
            }
        }
        return null;
    }

    private void provenance(Generation g, int promptLength, int steps, SpattenConfig full, SpattenConfig eighth,
                            QualityBudgetSearch.Result search)
            throws IOException {
        ObjectNode p = org.spattensim.results.report.Provenance.start(o.runDir().getFileName().toString(),
                "./spatten demo");
        ArrayNode traces = (ArrayNode) p.get("traces");
        traces.addObject().put("name", GPT2).put("source", "SpAtten release workload (MIT), github mit-han-lab/spatten @a0f1388, "
                + "summary-gpt2-small-wikitext2-per8.csv: GPT-2 small, 992-token prompt + 32 generated tokens, decisions given")
                .put("drives", "decision-driven");
        traces.addObject().put("name", RECORDED).put("source", "recorded here from the bundled stories260K (llama2.c, MIT), prompt '"
                + o.prompt() + "', " + promptLength + " prompt tokens + " + steps + " greedy tokens: " + g.generatedText())
                .put("drives", "data-driven (decisions computed from Q/K/V)");
        traces.addObject().put("name", ENCODER).put("source", "synthesised here (./spatten synth --shape bert-base --mode "
                + "prefill --seq-len " + ENCODER_LENGTH + " --seed 1): 12 layers x 12 heads x D=64, bidirectional; "
                + "attention statistics fitted to real models (docs/synthetic-traces.md), not a recorded model")
                .put("drives", "data-driven (decisions computed from Q/K/V)");
        ArrayNode models = p.putArray("models");
        models.addObject().put("name", "spatten").put("what", "full SpAtten preset: 512+512 multipliers, 16 HBM2 channels");
        models.addObject().put("name", "spatten-1/8").put("what", "SpAtten-1/8 preset: 64+64 multipliers, 2 HBM2 channels");
        models.addObject().put("name", "dense, dense-1/8").put("what", "the same datapaths with pruning and quantization off");
        for (String b : PRIOR_ACCELERATORS) {
            models.addObject().put("name", b).put("what", Accelerators.get(b).description()
                    + " (docs/accelerators.md; run on the Q/K/V traces only)");
        }
        models.addObject().put("name", "cpu").put("what", "dense attention measured on this host");
        models.addObject().put("name", "gpu:*").put("what", "roofline + launch-overhead model from a sourced spec table (no GPU measurement in this run)");
        ObjectNode configs = p.putObject("configs");
        configs.put("spatten", YamlConfig.toYaml(full));
        configs.put("spatten-1/8", YamlConfig.toYaml(eighth));
        configs.put("overrides on " + RECORDED + " (chosen under the quality budget)", String.join("\n", search.chosen()));
        ArrayNode notes = p.putArray("notes");
        for (String n : MODEL_NOTES) {
            notes.add(n);
        }
        org.spattensim.results.report.Provenance.write(data, p);
    }

    static final List<String> MODEL_NOTES = List.of(
            "Timing: event-driven cycle-level pipeline (docs/spatten-timing.md). Q×K, softmax and Prob×V are reservation-timed "
                    + "pipelines with the released C++ model's latencies; the top-k engine holds a request for the quick-select "
                    + "cycles of the released latency model; DRAM is the request-level FR-FCFS model with refresh.",
            "The GPT-2 workload is decision-driven (kept counts, bit widths and refetch flags from SpAtten's release); the recorded "
                    + "stories260K trace is data-driven: our functional model decides from the recorded Q/K/V.",
            "On the recorded stories260K trace both designs run the pruning and quantization chosen under the quality budget "
                    + "(greedy search over quantization, token, value and head pruning levels on the real model; "
                    + "data/quality_search.csv), not the presets' GPT-2 ratios; the other workloads run the presets.",
            "Energy: logic and SRAM energy per action derived from Horowitz (ISSCC 2014, 45 nm) scaled linearly to 40 nm; DRAM "
                    + "energy from DRAMsim3's IDD-based formulas. Static (leakage) power of logic and SRAM is not included.",
            "Area: only totals are published; the per-unit split is calibrated to the full design's 18.71 mm² (see SpattenArea).",
            "A3 and MNNFast: modelled as SpAtten describes them (fetch all K/V, decide after) on the SpAtten-1/8 datapath with "
                    + "compute shares from their presets; their own microarchitectures are not modelled.",
            "GPUs: roofline + launch-overhead model from a sourced spec table; no GPU was measured for this run.",
            "CPU: dense attention really executed and timed on this host (trimmed mean); its energy uses a stated power assumption.");
}

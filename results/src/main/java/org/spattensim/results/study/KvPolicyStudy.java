package org.spattensim.results.study;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.prune.KvPolicies;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.report.DataTable;
import org.spattensim.results.report.KvPolicyReport;
import org.spattensim.results.report.ReportFiles;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;
import org.spattensim.trace.stats.StatsOptions;
import org.spattensim.trace.stats.TraceStats;
import org.spattensim.trace.stats.TraceStatsCalculator;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthFitter;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;

/**
 * Which KV-cache policy, on which hardware, at which context, at what quality cost ({@code ./spatten kv-policies},
 * docs/kv-policies.md). Every registered token-selection policy runs at several budgets:
 * <ul>
 *   <li>quality on the bundled real model (stories260K): KL divergence and top-1 agreement of the next-token
 *       distributions against the dense model, as {@code ./spatten quality} measures them;</li>
 *   <li>timing, energy and DRAM traffic on each design's cycle-level model for decode at each context, on synthetic
 *       traces of a GPT-2-small shape whose attention statistics are fitted to a trace recorded from the real model
 *       (no real long trace is bundled; the report says so), against the same design's dense datapath.</li>
 * </ul>
 * Only token selection changes between settings: head and value pruning are off, quantization stays as the design's
 * preset has it. Deterministic (seeded traces, fixed settings order, results keyed, not ordered, by thread).
 */
public final class KvPolicyStudy {
    /** Token selection alone: the designs' other pruning off. */
    static final List<String> ISOLATE = List.of("pruning.headPruning=false", "pruning.valuePruning=false");
    /** The dense datapath of a design: no pruning, no quantization. */
    static final List<String> DENSE = List.of("pruning.tokenPruning=false", "pruning.headPruning=false",
            "pruning.valuePruning=false", "quant.enabled=false", "quant.progressive=false");
    /** Cascade settings: average token-pruning ratios of its schedule (the preset's 0.2 in the middle). */
    static final List<Double> CASCADE_AVERAGES = List.of(0.1, 0.2, 0.3);
    /** Prompt of the recorded trace the synthetic statistics are fitted to (one of the quality prompts). */
    static final String FIT_PROMPT = "Once upon a time";
    static final int FIT_TOKENS = 64;

    /**
     * @param runDir        output folder
     * @param contexts      decode contexts (prompt tokens of each synthetic trace)
     * @param steps         decode steps per trace
     * @param budgets       KV budgets as fractions of the context
     * @param designs       registered SpAtten designs
     * @param shape         synthetic model shape
     * @param threads       worker threads (results do not depend on it)
     * @param qualityTokens generated tokens per quality prompt
     */
    public record Options(Path runDir, List<Integer> contexts, int steps, List<Double> budgets, List<String> designs,
                          String shape, int threads, int qualityTokens) {
        public Options {
            contexts = List.copyOf(contexts);
            budgets = List.copyOf(budgets);
            designs = List.copyOf(designs);
            if (contexts.isEmpty() || budgets.isEmpty() || designs.isEmpty()) {
                throw new InvalidInputException("kv-policies: --contexts, --budgets and --designs need at least one value");
            }
            for (int c : contexts) {
                if (c < 16 || c > SynthSpec.MAX_POSITIONS - 64) {
                    throw InvalidInputException.of("--contexts", String.valueOf(c), "out of range",
                            "contexts from 16 to " + (SynthSpec.MAX_POSITIONS - 64) + " tokens");
                }
            }
            for (double b : budgets) {
                if (!(b > 0 && b <= 1)) {
                    throw InvalidInputException.of("--budgets", String.valueOf(b), "not a fraction", "fractions in (0, 1]");
                }
            }
            if (steps < 1 || steps > 64) {
                throw InvalidInputException.of("--steps", String.valueOf(steps), "out of range", "1 to 64 decode steps");
            }
            if (threads < 1 || threads > 256) {
                throw InvalidInputException.of("--threads", String.valueOf(threads), "out of range", "1 to 256 threads");
            }
            if (qualityTokens < 1 || qualityTokens > 4096) {
                throw InvalidInputException.of("--tokens", String.valueOf(qualityTokens), "out of range",
                        "1 to 4096 generated tokens per prompt");
            }
        }
    }

    /** One token-selection setting: a policy at one budget (the cascade: at one schedule average). */
    record Setting(String policy, double budget, List<String> overrides) {
        String label() {
            return policy + " @" + String.format(Locale.ROOT, "%.3g", budget);
        }
    }

    private final Options o;
    private final Consumer<String> progress;
    private final Path data;

    public KvPolicyStudy(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
        this.data = options.runDir().resolve(ReportFiles.DATA_DIR);
    }

    /** Every setting, cascade first, then the KV policies in registry order, budgets ascending. */
    List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        for (String p : KvPolicies.names()) {
            if (p.equals(KvPolicies.CASCADE)) {
                for (double a : CASCADE_AVERAGES) {
                    List<String> ov = new ArrayList<>(ISOLATE);
                    ov.add("pruning.policy=" + p);
                    ov.add("pruning.token.average=" + a);
                    ov.add("pruning.token.start=" + Math.min(0.1, a));
                    out.add(new Setting(p, a, ov));
                }
                continue;
            }
            for (double b : o.budgets().stream().sorted().toList()) {
                List<String> ov = new ArrayList<>(ISOLATE);
                ov.add("pruning.policy=" + p);
                ov.add("pruning.kv.budgetFraction=" + b);
                out.add(new Setting(p, b, ov));
            }
        }
        return out;
    }

    /**
     * Refuses, before any trace is written, a design whose DRAM cannot hold a context's K/V (and Quest's page
     * metadata) regions, naming the context and the design (32k tokens on SpAtten-1/8's 2 HBM2 channels, say).
     */
    void requireCapacity() {
        ModelShape shape = ModelShape.byName(o.shape());
        for (String d : o.designs()) {
            var c = SpattenPresets.load(d);
            var q = c.quant();
            int maxBits = Math.max(q.denseBits(), Math.max(q.keyMsbBits() + q.keyLsbBits(), q.valueBits()));
            var dram = org.spattensim.memory.dram.DramPresets.load(c.memory().dramPreset())
                    .withChannels(c.memory().channels());
            long have = dram.organization().capacityBytes();
            for (int ctx : o.contexts()) {
                long need = org.spattensim.accel.fetch.FetchPlan.layoutFor(shape.layers(), shape.kvHeads(),
                        ctx + o.steps(), shape.headDim(), maxBits, 1, c.memory().transactionBytes()).footprintBytes(true);
                if (need > have) {
                    throw InvalidInputException.of("--contexts " + ctx, "--designs " + d, String.format(Locale.ROOT,
                            "%s's DRAM holds %.2f GiB but %d tokens of %s need %.2f GiB of K/V and page-metadata regions",
                            d, have / (double) (1L << 30), ctx + o.steps(), o.shape(), need / (double) (1L << 30)),
                            "a shorter context, or a design with more DRAM (e.g. --designs spatten)");
                }
            }
        }
    }

    public Path run() throws IOException {
        requireCapacity();
        Files.createDirectories(data);
        Path traces = o.runDir().resolve("traces");
        Files.createDirectories(traces);
        List<Setting> settings = settings();

        progress.accept("recording a decode trace from the bundled stories260K model and fitting the synthetic "
                + "generator's attention statistics to it");
        RecorderModel model = RecorderModel.loadDefault();
        DecodeRecorder recorder = new DecodeRecorder(model);
        Generation g = recorder.generate(FIT_PROMPT, FIT_TOKENS, TokenSampler.greedy());
        Path recorded = traces.resolve("stories260K.safetensors");
        TraceMetadata meta = recorder.writeDecodeTrace(g, recorded, TraceDType.F32);
        TraceStats real = TraceStatsCalculator.compute(recorded, StatsOptions.DEFAULT);
        int[] positions = new int[meta.queryRows()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = meta.queryPosition(i);
        }
        SynthFitter fitter = new SynthFitter(ModelShape.STORIES260K, meta.sequenceLength(), positions,
                new long[] {1, 2, 3}, StatsOptions.DEFAULT);
        SynthParams fitted = fitter.fit(real.summary(), SynthParams.DEFAULTS.withOverrides(List.of("heavyHitters=1")),
                300);
        TraceStats.Summary synthetic = new SynthFitter(ModelShape.STORIES260K, meta.sequenceLength(), positions,
                new long[] {101, 102, 103, 104}, StatsOptions.DEFAULT).measure(fitted).summary();
        DataTable fit = new DataTable("statistic", "recorded", "synthetic_held_out");
        for (var e : real.summary().asMap().entrySet()) {
            fit.add(e.getKey(), e.getValue(), synthetic.asMap().get(e.getKey()));
        }
        fit.write(data.resolve(KvPolicyReport.FIT));

        ModelShape shape = ModelShape.byName(o.shape());
        List<Path> synth = new ArrayList<>();
        for (int c : o.contexts()) {
            Path t = traces.resolve(o.shape() + "-decode-" + c + ".safetensors");
            progress.accept("synthesising " + t.getFileName() + ": " + o.shape() + ", " + c + "-token context, "
                    + o.steps() + " decode steps, fitted statistics");
            SynthTraceWriter.write(t, new SynthSpec(shape, TraceMode.DECODE, c, o.steps(), 1, fitted, false,
                    TraceDType.F16));
            synth.add(t);
        }

        List<Callable<Object>> jobs = new ArrayList<>();
        List<String> jobKeys = new ArrayList<>();
        for (int ci = 0; ci < o.contexts().size(); ci++) {
            String trace = synth.get(ci).toString();
            for (String d : o.designs()) {
                jobKeys.add("timing " + ci + " " + d + " dense");
                jobs.add(() -> Accelerators.get(d).run(RunRequest.of(trace, DENSE)));
                for (Setting s : settings) {
                    jobKeys.add("timing " + ci + " " + d + " " + s.label());
                    jobs.add(() -> Accelerators.get(d).run(RunRequest.of(trace, s.overrides())));
                }
            }
        }
        for (Setting s : settings) {
            jobKeys.add("quality " + s.label());
            jobs.add(() -> QualityEvaluator.evaluate(model, SpattenPresets.load(SpattenPresets.FULL, s.overrides()),
                    QualityEvaluator.DEFAULT_PROMPTS, o.qualityTokens()));
        }
        progress.accept("running " + jobs.size() + " jobs (" + settings.size() + " settings x " + o.designs().size()
                + " designs x " + o.contexts().size() + " contexts, plus the dense datapaths and the quality runs) on "
                + o.threads() + " threads");
        List<Object> results = runAll(jobs, jobKeys);

        DataTable timing = new DataTable("context_tokens", "design", "policy", "budget", "cycles", "latency_s",
                "speedup_vs_dense", "energy_j", "energy_saving_vs_dense", "dram_bytes", "dram_key_bytes",
                "dram_key_lsb_bytes", "dram_value_bytes", "dram_page_metadata_bytes", "key_keep_share",
                "selection_topk_busy_cycles", "energy_logic_j", "energy_sram_j", "energy_dram_j");
        int k = 0;
        for (int c : o.contexts()) {
            for (String d : o.designs()) {
                AcceleratorRun dense = (AcceleratorRun) results.get(k++);
                addTiming(timing, c, d, "dense", 0, dense, dense);
                for (Setting s : settings) {
                    addTiming(timing, c, d, s.policy(), s.budget(), (AcceleratorRun) results.get(k++), dense);
                }
            }
        }
        DataTable quality = new DataTable("policy", "budget", "kl_divergence_nats", "max_kl_divergence_nats",
                "top1_agreement", "key_keep_share", "prompts", "predictions");
        for (Setting s : settings) {
            QualityReport q = (QualityReport) results.get(k++);
            quality.add(s.policy(), s.budget(), q.meanKl(), q.maxKl(), q.top1Agreement(), q.keyKeepRatio(), q.prompts(),
                    q.positions());
        }
        timing.write(data.resolve(KvPolicyReport.TIMING));
        quality.write(data.resolve(KvPolicyReport.QUALITY));
        pareto(timing, quality, o.contexts().get(o.contexts().size() - 1)).write(data.resolve(KvPolicyReport.PARETO));
        provenance(g, meta, fitted, settings);
        progress.accept("writing the report to " + o.runDir());
        return KvPolicyReport.write(o.runDir());
    }

    private static void addTiming(DataTable t, int context, String design, String policy, double budget,
                                  AcceleratorRun r, AcceleratorRun dense) {
        Map<String, Long> m = r.dramBytesByMatrix();
        t.add(context, design, policy, budget, r.cycles(), r.seconds(), dense.seconds() / r.seconds(),
                r.energyPj() * 1e-12, dense.energyPj() / r.energyPj(), r.dramBytesRead(), m.getOrDefault("key", 0L),
                m.getOrDefault("key_lsb", 0L), m.getOrDefault("value", 0L), m.getOrDefault("page_metadata", 0L),
                r.stats().value("selection.key_keep_share"),
                r.stats().counterValue("unit.topk.cascade.busy_cycles"),
                r.energyByCategory().getOrDefault("logic", 0.0) * 1e-12,
                r.energyByCategory().getOrDefault("sram", 0.0) * 1e-12,
                r.energyByCategory().getOrDefault("dram", 0.0) * 1e-12);
    }

    /**
     * Quality against speedup at the longest context, per design: each setting's KL and top-1 beside its speedup over
     * the dense datapath, and whether no other setting is at least as fast with at most its KL (one strictly).
     */
    static DataTable pareto(DataTable timing, DataTable quality, int context) {
        DataTable out = new DataTable("design", "context_tokens", "policy", "budget", "speedup_vs_dense",
                "kl_divergence_nats", "top1_agreement", "pareto_optimal");
        List<String> designs = timing.distinct("design");
        for (String d : designs) {
            List<double[]> pts = new ArrayList<>();
            List<String[]> names = new ArrayList<>();
            for (int i = 0; i < timing.size(); i++) {
                if (!timing.get(i, "design").equals(d) || (int) timing.number(i, "context_tokens") != context
                        || timing.get(i, "policy").equals("dense")) {
                    continue;
                }
                for (int j = 0; j < quality.size(); j++) {
                    if (quality.get(j, "policy").equals(timing.get(i, "policy"))
                            && quality.number(j, "budget") == timing.number(i, "budget")) {
                        pts.add(new double[] {timing.number(i, "speedup_vs_dense"), quality.number(j, "kl_divergence_nats"),
                                quality.number(j, "top1_agreement")});
                        names.add(new String[] {timing.get(i, "policy"), timing.get(i, "budget")});
                    }
                }
            }
            for (int a = 0; a < pts.size(); a++) {
                boolean dominated = false;
                for (int b = 0; b < pts.size() && !dominated; b++) {
                    double[] x = pts.get(a);
                    double[] y = pts.get(b);
                    dominated = b != a && y[0] >= x[0] && y[1] <= x[1] && (y[0] > x[0] || y[1] < x[1]);
                }
                double[] x = pts.get(a);
                out.add(d, context, names.get(a)[0], Double.parseDouble(names.get(a)[1]), x[0], x[1], x[2], !dominated);
            }
        }
        return out;
    }

    /** Runs the jobs on the pool with a progress line each (and an ETA); results in job order. */
    private List<Object> runAll(List<Callable<Object>> jobs, List<String> keys) {
        long start = System.nanoTime();
        return StudyJobs.runAll(o.threads(), jobs, done -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / done * (jobs.size() - done);
            progress.accept(String.format(Locale.ROOT, "  simulations %d/%d: %s (%.0f s, about %.0f s left)", done,
                    jobs.size(), keys.get(done - 1), elapsed, eta));
        });
    }

    private void provenance(Generation g, TraceMetadata meta, SynthParams fitted, List<Setting> settings)
            throws IOException {
        ObjectNode p = org.spattensim.results.report.Provenance.start(o.runDir().getFileName().toString(),
                "./spatten kv-policies --contexts " + o.contexts().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")) + " --budgets " + o.budgets().stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + " --designs "
                        + String.join(",", o.designs()) + " --steps " + o.steps() + " --shape " + o.shape()
                        + " --tokens " + o.qualityTokens());
        ArrayNode traces = (ArrayNode) p.get("traces");
        traces.addObject().put("name", "stories260K.safetensors").put("source", "recorded here from the bundled "
                + "stories260K (llama2.c, MIT), prompt '" + FIT_PROMPT + "', " + meta.promptLength() + " prompt tokens + "
                + FIT_TOKENS + " greedy tokens: " + g.generatedText()).put("use", "target statistics of the fit");
        for (int c : o.contexts()) {
            traces.addObject().put("name", o.shape() + "-decode-" + c + ".safetensors").put("source",
                    "synthesised here (./spatten synth --shape " + o.shape() + " --mode decode --seq-len " + c
                            + " --steps " + o.steps() + " --seed 1) with the fitted parameters: not a recorded model")
                    .put("use", "timing");
        }
        p.put("synth_params", fitted.toString());
        ArrayNode s = p.putArray("settings");
        for (Setting x : settings) {
            s.addObject().put("label", x.label()).put("overrides", String.join(" ", x.overrides()));
        }
        p.put("dense", String.join(" ", DENSE));
        ArrayNode designs = p.putArray("designs");
        o.designs().forEach(designs::add);
        org.spattensim.results.report.Provenance.write(data, p);
    }
}

package org.spattensim.dse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.analytic.SpattenAnalyticModel;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenCsvReader;
import org.spattensim.trace.spatten.SpattenWorkload;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.YamlConfig;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.trace.record.RecorderModel;

/**
 * SpAtten design points. A point is the space's base preset ({@code model.base}, default {@code spatten-1/8})
 * with {@code model.set} and the point's values applied as {@code --set} overrides, bound strictly to
 * {@link SpattenConfig} (a point that does not bind is an invalid design, rejected before evaluation).
 *
 * <p>Model {@code spatten}: the cycle-level {@link SpattenTimingModel} (engine + DRAM model) runs the workload
 * (a bundled SpAtten workload name, a SpAtten workload CSV, or a Q/K/V trace; default
 * {@code gpt2-small-wikitext2}) on the point. Metrics: {@code cycles}, {@code seconds}, {@code energy_j},
 * {@code area_mm2}, {@code power_w} (energy / time), {@code dram_bytes}, {@code dram_transactions}, {@code requants},
 * {@code energy_logic_j}, {@code energy_sram_j}, {@code energy_dram_j}, {@code dram_bandwidth_gbps}; and the quality
 * metrics below when the space names one of them (then on the bundled real model).
 *
 * <p>Model {@code spatten-fast}: the same metrics from the calibrated analytic model
 * ({@link SpattenAnalyticModel}, docs/dse.md "Fast fidelity"), about a thousand times cheaper per point; the
 * explorer confirms its Pareto front with the cycle-level model.
 *
 * <p>Model {@code spatten-quality}: the quality cost of the point's pruning and quantization on a real model
 * ({@link QualityEvaluator}: KL divergence and top-1 agreement against the dense model; workload = the model,
 * default the bundled stories260K). Metrics: {@code quality_kl_nats}, {@code quality_max_kl_nats}, {@code top1_agreement},
 * {@code key_keep_ratio}, {@code value_keep_ratio}, {@code head_pruned_share}, {@code requant_share}.
 *
 * <p>Memoised across points: the base preset tree; the parsed workload CSV; the workload's decisions, keyed by
 * the configuration fields the producer reads (for a CSV: the top-k engine, the dense bit width, the head
 * dimension and the scores per cycle; for a Q/K/V trace the functional model also reads quantization and
 * pruning), so points that differ only in multipliers beyond the rate, buffers, DRAM or clock reuse them; the
 * real model; and each quality report, keyed by quantization, pruning and top-k engine.
 */
public final class SpattenEvaluator implements Evaluator {
    /** Quality metric names this evaluator reports. */
    public static final List<String> TIMING_METRICS = List.of("cycles", "seconds", "energy_j", "area_mm2", "power_w",
            "dram_bytes", "dram_transactions", "requants", "energy_logic_j", "energy_sram_j", "energy_dram_j",
            "dram_bandwidth_gbps");
    /** Model name of the fast fidelity: {@link SpattenAnalyticModel} instead of the cycle-level model. */
    public static final String FAST_MODEL = "spatten-fast";
    /** The workload of model {@code spatten} when the run names none: SpAtten's GPT-2 small release. */
    public static final String DEFAULT_WORKLOAD = "gpt2-small-wikitext2";
    public static final List<String> QUALITY_METRICS = List.of("quality_kl_nats", "quality_max_kl_nats", "top1_agreement",
            "key_keep_ratio", "value_keep_ratio", "head_pruned_share", "requant_share");

    /**
     * Our choice: the first 4 of {@link QualityEvaluator#DEFAULT_PROMPTS} and 64 generated tokens each, a third of
     * the {@code quality} command's work, so a search can afford hundreds of points; enough to rank designs.
     */
    static final int QUALITY_PROMPTS = 4;
    static final int QUALITY_TOKENS = 64;

    private final DesignSpace space;
    private final String base;
    private final ObjectNode baseTree;
    private final String workload;
    private final boolean timing;
    private final boolean fast;
    private final boolean wantsQuality;
    private final String qualityModel;
    private final SpattenWorkload csv;
    private final Map<Object, CompletableFuture<Workload>> workloads = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Leaf>> leaves = new ConcurrentHashMap<>();
    /** Bound configurations (or binding errors) by point key; cleared when full. */
    private final Map<String, Object> configs = new ConcurrentHashMap<>();
    static final int CONFIG_CACHE = 4096;
    private volatile RecorderModel model;
    private final Map<QualityKey, CompletableFuture<QualityReport>> quality = new ConcurrentHashMap<>();

    /**
     * The parts of a configuration the quality cost depends on. The top-k engine's {@code scoresPerCycle} (from
     * the multipliers) only sets its latency, so it is left out; the whole top-k record stays in, to be safe.
     */
    record QualityKey(SpattenConfig.Quantization quant, SpattenConfig.Pruning pruning, SpattenConfig.TopK topk) {
        static QualityKey of(SpattenConfig c) {
            return new QualityKey(c.quant(), c.pruning(), c.topk());
        }
    }

    /** Workload decisions of a SpAtten CSV depend on these configuration fields only (DecisionDrivenProducer). */
    record CsvDecisionKey(SpattenConfig.TopK topk, int denseBits, int headDim, int scoresPerCycle) {}

    /** A Q/K/V trace runs the functional model, which also reads quantization and pruning. */
    record TraceDecisionKey(SpattenConfig.TopK topk, SpattenConfig.Quantization quant, SpattenConfig.Pruning pruning,
                            int headDim, int scoresPerCycle) {}

    public SpattenEvaluator(EvaluationContext ctx) {
        this.space = ctx.space();
        this.fast = space.model().name().equals(FAST_MODEL);
        this.timing = fast || space.model().name().equals("spatten");
        this.base = space.model().base().isEmpty() ? SpattenPresets.EIGHTH : space.model().base();
        this.baseTree = SpattenPresets.presets().loadTree(base);
        List<String> known = new java.util.ArrayList<>(QUALITY_METRICS);
        if (timing) {
            known.addAll(TIMING_METRICS);
        }
        boolean quality = false;
        for (String m : space.requiredMetrics()) {
            if (!known.contains(m)) {
                throw InvalidInputException.of("design space " + space.name(), "objectives/constraints",
                        "metric '" + m + "' is not reported by model " + space.model().name(), "one of " + known);
            }
            quality |= QUALITY_METRICS.contains(m);
        }
        this.wantsQuality = quality || !timing;
        if (timing) {
            this.workload = ctx.workload().isEmpty() ? DEFAULT_WORKLOAD : ctx.workload();
            this.qualityModel = RecorderModel.DEFAULT_MODEL;
            this.csv = loadCsv(workload);
        } else {
            this.workload = ctx.workload().isEmpty() ? RecorderModel.DEFAULT_MODEL : ctx.workload();
            this.qualityModel = workload;
            this.csv = null;
            if (!RecorderModel.isBundled(workload) && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(workload))) {
                throw InvalidInputException.of(workload, "--trace", "is neither a bundled model nor a directory",
                        "for a quality space, a bundled model name (" + RecorderModel.DEFAULT_MODEL
                                + ") or a directory with a llama2.c checkpoint and tokenizer");
            }
        }
        // Bind the base once so a broken space fails up front, not on every point.
        config(space.overrides(firstPoint()));
        if (timing && csv != null) {
            // A SpAtten workload CSV fixes the pruning and quantization decisions: a space that varies them needs a
            // Q/K/V trace, else every point would silently run the CSV's own decisions (or fail one by one).
            try {
                WorkloadLoader.refuseIgnored(workload, space.overrides(firstPoint()));
            } catch (InvalidInputException e) {
                throw InvalidInputException.of("design space " + space.name(), "--trace", "sets keys the workload "
                        + workload + " ignores: " + e.getMessage(), "--trace with a Q/K/V trace (for KV policies a "
                        + "decode trace: ./spatten record or ./spatten synth --mode decode)");
            }
        }
    }

    private DesignPoint firstPoint() {
        return space.decode(new double[space.parameters().size()]);
    }

    /** The configuration of a point (base preset + {@code model.set} + the point's keys). */
    public SpattenConfig config(List<String> overrides) {
        String source = "design space " + space.name() + " on " + base;
        ObjectNode tree = baseTree.deepCopy();
        for (String o : overrides) {
            Leaf leaf = memo(leaves, o, () -> Leaf.of(baseTree, o, source));
            ObjectNode parent = leaf.parent(tree);
            if (parent == null || !leaf.setIn(parent)) {
                // An earlier override replaced a section by a value, or a list element is missing: let the loader
                // apply them in order and say so.
                return YamlConfig.bind(YamlConfig.applyOverrides(baseTree, overrides, source), SpattenConfig.class, source);
            }
        }
        return YamlConfig.bind(tree, SpattenConfig.class, source);
    }

    /**
     * One {@code key=value} override, parsed once by {@link YamlConfig#applyOverrides} (same checks and errors) and
     * kept as the leaf it sets, so a point costs no YAML parsing: a search repeats the same few values per axis.
     */
    record Leaf(String[] path, String name, int index, JsonNode value) {
        static Leaf of(ObjectNode base, String override, String source) {
            String[] parts = override.substring(0, override.indexOf('=')).trim().split("\\.");
            String last = parts[parts.length - 1];
            YamlConfig.ListIndex li = YamlConfig.ListIndex.parse(last);
            String name = li == null ? last : li.name();
            // Parsed (and checked) as an override of the whole key: a list element's list may only exist after
            // the overrides before it (model.set), so its element is parsed on a stand-in list of the right size.
            ObjectNode probe = base;
            if (li != null) {
                probe = base.deepCopy();
                ObjectNode node = probe;
                for (int i = 0; i < parts.length - 1 && node != null; i++) {
                    node = node.get(parts[i]) instanceof ObjectNode child ? child : null;
                }
                if (node != null && node.get(name) instanceof ArrayNode list) {
                    while (list.size() <= li.index()) {
                        list.addNull();
                    }
                }
            }
            ObjectNode applied = YamlConfig.applyOverrides(probe, List.of(override), source);
            ObjectNode node = applied;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (ObjectNode) node.get(parts[i]);
            }
            JsonNode value = li == null ? node.get(name) : node.get(name).get(li.index());
            return new Leaf(java.util.Arrays.copyOf(parts, parts.length - 1), name, li == null ? -1 : li.index(), value);
        }

        /** Sets the leaf in its section; false when a list element does not exist there. */
        boolean setIn(ObjectNode parent) {
            if (index < 0) {
                parent.set(name, value.deepCopy());
                return true;
            }
            if (parent.get(name) instanceof ArrayNode list && index < list.size()) {
                list.set(index, value.deepCopy());
                return true;
            }
            return false;
        }

        /** The section holding the leaf in {@code tree}, or null when it is no longer a section there. */
        ObjectNode parent(ObjectNode tree) {
            ObjectNode node = tree;
            for (String p : path) {
                if (!(node.get(p) instanceof ObjectNode child)) {
                    return null;
                }
                node = child;
            }
            return node;
        }
    }

    /** The bound configuration of a point, or why it does not bind (the precheck's work reused by evaluate). */
    private Object bound(DesignPoint point) {
        String key = point.key();
        Object c = configs.get(key);
        if (c == null) {
            try {
                c = config(space.overrides(point));
            } catch (InvalidInputException e) {
                c = e;
            }
            if (configs.size() >= CONFIG_CACHE) {
                configs.clear();
            }
            configs.put(key, c);
        }
        return c;
    }

    @Override
    public String invalidReason(DesignPoint point) {
        return bound(point) instanceof InvalidInputException e ? e.getMessage() : null;
    }

    /** The workload as a SpAtten CSV (bundled name or .csv file), or null for a Q/K/V trace. */
    private static SpattenWorkload loadCsv(String nameOrPath) {
        if (BundledSpattenWorkloads.names().contains(nameOrPath)) {
            return BundledSpattenWorkloads.load(nameOrPath);
        }
        // Refused here, before the search: a missing trace would otherwise fail every point.
        java.nio.file.Path p = java.nio.file.Path.of(nameOrPath);
        if (!java.nio.file.Files.exists(p)) {
            throw InvalidInputException.of(nameOrPath, "--trace", "no such file and not a bundled workload",
                    "a Q/K/V trace, a SpAtten workload CSV, or one of " + BundledSpattenWorkloads.names());
        }
        org.spattensim.common.InputFiles.requireRegular(p, "a Q/K/V trace or a SpAtten workload CSV");
        if (nameOrPath.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return SpattenCsvReader.read(java.nio.file.Path.of(nameOrPath));
        }
        return null;
    }

    @Override
    public Map<String, Double> evaluate(DesignPoint point) {
        Object b = bound(point);
        if (b instanceof InvalidInputException e) {
            throw e;
        }
        SpattenConfig c = (SpattenConfig) b;
        Map<String, Double> m = new LinkedHashMap<>();
        if (timing) {
            SpattenRun r = fast ? new SpattenAnalyticModel(c).run(workload(c)) : new SpattenTimingModel(c).run(workload(c));
            double joules = r.energyPj() * 1e-12;
            m.put("cycles", (double) r.totalCycles());
            m.put("seconds", r.seconds());
            m.put("energy_j", joules);
            m.put("area_mm2", r.areaMm2());
            m.put("power_w", r.seconds() > 0 ? joules / r.seconds() : 0.0);
            m.put("dram_bytes", (double) r.dramBytesRead());
            m.put("dram_transactions", (double) r.dramTransactions());
            m.put("requants", (double) r.requants());
            m.put("energy_logic_j", r.energyByCategory().getOrDefault("logic", 0.0) * 1e-12);
            m.put("energy_sram_j", r.energyByCategory().getOrDefault("sram", 0.0) * 1e-12);
            m.put("energy_dram_j", r.energyByCategory().getOrDefault("dram", 0.0) * 1e-12);
            m.put("dram_bandwidth_gbps", r.stats().value("dram.bandwidth_gbps"));
        }
        if (wantsQuality) {
            putQuality(m, quality(c));
        }
        return m;
    }

    /** The workload's decisions for a configuration, computed once per distinct decision key. */
    Workload workload(SpattenConfig c) {
        Object key = csv != null
                ? new CsvDecisionKey(c.topk(), c.quant().denseBits(), c.compute().headDim(), c.compute().scoresPerCycle())
                : new TraceDecisionKey(c.topk(), c.quant(), c.pruning(), c.compute().headDim(), c.compute().scoresPerCycle());
        return memo(workloads, key, () -> csv != null ? DecisionDrivenProducer.from(csv, c)
                : WorkloadLoader.load(workload, c, AblationStep.PROGRESSIVE_QUANTIZATION).workload());
    }

    /** Distinct workload decisions built so far (the memo's size). */
    int workloadDecisions() {
        return workloads.size();
    }

    private static <K, V> V memo(Map<K, CompletableFuture<V>> map, K key, java.util.function.Supplier<V> compute) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> f = map.putIfAbsent(key, mine);
        if (f == null) {
            try {
                mine.complete(compute.get());
            } catch (RuntimeException e) {
                map.remove(key);
                mine.completeExceptionally(e);
                throw e;
            }
            f = mine;
        }
        return f.join();
    }

    private static void putQuality(Map<String, Double> m, QualityReport q) {
        m.put("quality_kl_nats", q.meanKl());
        m.put("quality_max_kl_nats", q.maxKl());
        m.put("top1_agreement", q.top1Agreement());
        m.put("key_keep_ratio", q.keyKeepRatio());
        m.put("value_keep_ratio", q.valueKeepRatio());
        m.put("head_pruned_share", q.headPrunedShare());
        m.put("requant_share", q.requantShare());
    }

    private QualityReport quality(SpattenConfig c) {
        return memo(quality, QualityKey.of(c), () -> QualityEvaluator.evaluate(model(), c,
                QualityEvaluator.DEFAULT_PROMPTS.subList(0, QUALITY_PROMPTS), QUALITY_TOKENS));
    }

    /** Distinct quality evaluations run so far (the memo's size). */
    int qualityEvaluations() {
        return quality.size();
    }

    private RecorderModel model() {
        RecorderModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = RecorderModel.load(qualityModel);
                }
                m = model;
            }
        }
        return m;
    }
}

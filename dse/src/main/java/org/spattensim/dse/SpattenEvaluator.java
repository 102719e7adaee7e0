package org.spattensim.dse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
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
 * <p>Model {@code spatten-quality}: the quality cost of the point's pruning and quantization on a real model
 * ({@link QualityEvaluator}: KL divergence and top-1 agreement against the dense model; workload = the model,
 * default the bundled stories260K). Metrics: {@code qualityKl}, {@code qualityMaxKl}, {@code top1Agreement},
 * {@code keyKeepRatio}, {@code valueKeepRatio}, {@code headPrunedShare}, {@code requantShare}.
 *
 * <p>Memoised across points: the base preset tree, the real model (loaded once), and each quality report,
 * keyed by the only parts of the configuration the quality depends on (quantization, pruning, top-k engine),
 * so points that differ in hardware only (multipliers, buffers, DRAM) share one quality evaluation.
 */
public final class SpattenEvaluator implements Evaluator {
    /** Quality metric names this evaluator reports. */
    public static final List<String> QUALITY_METRICS = List.of("qualityKl", "qualityMaxKl", "top1Agreement",
            "keyKeepRatio", "valueKeepRatio", "headPrunedShare", "requantShare");

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

    public SpattenEvaluator(EvaluationContext ctx) {
        this.space = ctx.space();
        this.base = space.model().base().isEmpty() ? SpattenPresets.EIGHTH : space.model().base();
        this.baseTree = SpattenPresets.presets().loadTree(base);
        this.workload = ctx.workload().isEmpty() ? RecorderModel.DEFAULT_MODEL : ctx.workload();
        for (String m : space.requiredMetrics()) {
            if (!QUALITY_METRICS.contains(m)) {
                throw InvalidInputException.of("design space " + space.name(), "objectives/constraints",
                        "metric '" + m + "' is not reported by model " + space.model().name(), "one of " + QUALITY_METRICS);
            }
        }
        // Bind the base once so a broken space fails up front, not on every point.
        config(space.overrides(firstPoint()));
    }

    private DesignPoint firstPoint() {
        return space.decode(new double[space.parameters().size()]);
    }

    /** The configuration of a point (base preset + {@code model.set} + the point's keys). */
    public SpattenConfig config(List<String> overrides) {
        String source = "design space " + space.name() + " on " + base;
        return YamlConfig.bind(YamlConfig.applyOverrides(baseTree, overrides, source), SpattenConfig.class, source);
    }

    @Override
    public String invalidReason(DesignPoint point) {
        try {
            config(space.overrides(point));
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    @Override
    public Map<String, Double> evaluate(DesignPoint point) {
        SpattenConfig c = config(space.overrides(point));
        QualityReport q = quality(c);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("qualityKl", q.meanKl());
        m.put("qualityMaxKl", q.maxKl());
        m.put("top1Agreement", q.top1Agreement());
        m.put("keyKeepRatio", q.keyKeepRatio());
        m.put("valueKeepRatio", q.valueKeepRatio());
        m.put("headPrunedShare", q.headPrunedShare());
        m.put("requantShare", q.requantShare());
        return m;
    }

    private QualityReport quality(SpattenConfig c) {
        QualityKey key = QualityKey.of(c);
        CompletableFuture<QualityReport> mine = new CompletableFuture<>();
        CompletableFuture<QualityReport> f = quality.putIfAbsent(key, mine);
        if (f == null) {
            try {
                mine.complete(QualityEvaluator.evaluate(model(), c,
                        QualityEvaluator.DEFAULT_PROMPTS.subList(0, QUALITY_PROMPTS), QUALITY_TOKENS));
            } catch (RuntimeException e) {
                quality.remove(key);
                mine.completeExceptionally(e);
                throw e;
            }
            f = mine;
        }
        return f.join();
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
                    model = RecorderModel.load(workload);
                }
                m = model;
            }
        }
        return m;
    }
}

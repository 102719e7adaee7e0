package org.spattensim.results.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.spattensim.accel.quality.DenseReference;
import org.spattensim.accel.quality.QualityEvaluator;
import org.spattensim.accel.quality.QualityReport;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;

/**
 * Chooses SpAtten's pruning and quantization for a real model under a quality budget, as the paper chose each
 * benchmark's configuration under an accuracy constraint ([KR]: no accuracy loss, up to 2% on BERT-Large SQuAD;
 * spatten-facts §6.3): greedy coordinate ascent over knobs, from
 * everything off (the dense model). For each knob in turn, every level is evaluated on top of the levels already
 * chosen, and the most aggressive level within the budget is kept (none when no level is). Knobs and levels are our
 * choice (documented in docs/demo.md); the order puts first what saves the most DRAM traffic on a memory-bound design.
 * Quality is measured by {@link QualityEvaluator} against one dense reference, so every candidate sees the same
 * prompts and tokens. Deterministic whatever the thread count: candidates are evaluated independently and chosen in
 * level order.
 */
public final class QualityBudgetSearch {
    /**
     * A quality budget against the dense model.
     *
     * @param maxKl   largest mean next-token KL(dense ‖ pruned), nats
     * @param minTop1 smallest top-1 agreement, 0..1
     */
    public record Budget(double maxKl, double minTop1) {
        public Budget {
            if (!(maxKl >= 0) || !Double.isFinite(maxKl)) {
                throw InvalidInputException.of("quality budget", "maxKl", "is " + maxKl, "a finite KL in nats >= 0");
            }
            if (!(minTop1 >= 0 && minTop1 <= 1)) {
                throw InvalidInputException.of("quality budget", "minTop1", "is " + minTop1, "a share between 0 and 1");
            }
        }

        public boolean admits(QualityReport q) {
            return q.meanKl() <= maxKl && q.top1Agreement() >= minTop1;
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "KL <= %.3g nats and top-1 agreement >= %.3g%%", maxKl,
                    100 * minTop1);
        }
    }

    /** One setting of a knob: a label and the configuration overrides (as {@code --set}) it stands for. */
    public record Level(String label, List<String> overrides) {
        public Level {
            overrides = List.copyOf(overrides);
        }
    }

    /** A knob: its levels from mild to aggressive. */
    public record Knob(String name, List<Level> levels) {
        public Knob {
            levels = List.copyOf(levels);
        }
    }

    /**
     * One evaluated configuration.
     *
     * @param knob      the knob being set ("baseline" for everything off)
     * @param level     its level's label
     * @param overrides every override of this candidate (earlier choices + this level)
     * @param quality   what it costs
     * @param within    whether it meets the budget
     */
    public record Candidate(String knob, String level, List<String> overrides, QualityReport quality, boolean within) {
        public Candidate {
            overrides = List.copyOf(overrides);
        }
    }

    /**
     * @param budget   the budget searched under
     * @param chosen   the overrides of the chosen configuration (on top of the preset)
     * @param quality  the chosen configuration's quality
     * @param tried    every candidate, in evaluation order
     * @param choices  "knob: level" for each knob ("off" when none met the budget)
     */
    public record Result(Budget budget, List<String> chosen, QualityReport quality, List<Candidate> tried,
                         List<String> choices) {
        public Result {
            chosen = List.copyOf(chosen);
            tried = List.copyOf(tried);
            choices = List.copyOf(choices);
        }
    }

    /** Everything off: no pruning, no quantization (the dense model). */
    public static final List<String> ALL_OFF = List.of("pruning.tokenPruning=false", "pruning.headPruning=false",
            "pruning.valuePruning=false", "quant.enabled=false", "quant.progressive=false");

    /**
     * The default knobs (our choice): progressive quantization at 8+4 or 6+4 key bits (the two settings the paper
     * mainly uses [KR] (spatten-facts §4); values at the MSB width); the cascade
     * token pruning's average per-layer ratio (ramp start = half the average, as the preset's 0.1 / 0.2); local value
     * pruning's ratio; head pruning's average ratio.
     */
    public static List<Knob> defaultKnobs() {
        List<Level> token = new ArrayList<>();
        for (double a : new double[] {0.05, 0.1, 0.15, 0.2, 0.3}) {
            token.add(new Level("average " + fmt(a), List.of("pruning.tokenPruning=true", "pruning.token.average=" + fmt(a),
                    "pruning.token.start=" + fmt(a / 2))));
        }
        List<Level> value = new ArrayList<>();
        for (double r : new double[] {0.2, 0.4, 0.6, 0.8}) {
            value.add(new Level("ratio " + fmt(r), List.of("pruning.valuePruning=true", "pruning.valuePruneRatio=" + fmt(r))));
        }
        List<Level> head = new ArrayList<>();
        for (double a : new double[] {0.05, 0.1}) {
            head.add(new Level("average " + fmt(a), List.of("pruning.headPruning=true", "pruning.head.average=" + fmt(a),
                    "pruning.head.start=0")));
        }
        return List.of(
                new Knob("quantization", List.of(
                        new Level("8+4 bits progressive", List.of("quant.enabled=true", "quant.progressive=true",
                                "quant.keyMsbBits=8", "quant.valueBits=8")),
                        new Level("6+4 bits progressive", List.of("quant.enabled=true", "quant.progressive=true",
                                "quant.keyMsbBits=6", "quant.valueBits=6")))),
                new Knob("token pruning", token),
                new Knob("value pruning", value),
                new Knob("head pruning", head));
    }

    private QualityBudgetSearch() {}

    /**
     * Runs the search on {@code preset} (its non-pruning parameters stay as they are).
     *
     * @param threads  candidates evaluated at once
     * @param progress told about each knob as it is set
     */
    public static Result run(RecorderModel model, String preset, DenseReference reference, Budget budget,
                             List<Knob> knobs, int threads, Consumer<String> progress) {
        List<Candidate> tried = new ArrayList<>();
        List<String> chosen = new ArrayList<>(ALL_OFF);
        int total = 1 + knobs.stream().mapToInt(k -> k.levels().size()).sum();
        long t0 = System.nanoTime();
        Candidate best = evaluate(List.of(new Candidate("baseline", "all off", chosen, null, false)), model, preset,
                reference, budget, threads).get(0);
        tried.add(best);
        List<String> choices = new ArrayList<>();
        for (Knob k : knobs) {
            progress.accept("quality budget search: " + k.name() + " (" + k.levels().size() + " levels)");
            List<Candidate> todo = new ArrayList<>();
            for (Level l : k.levels()) {
                List<String> o = new ArrayList<>(chosen);
                o.addAll(l.overrides());
                todo.add(new Candidate(k.name(), l.label(), o, null, false));
            }
            List<Candidate> done = evaluate(todo, model, preset, reference, budget, threads);
            tried.addAll(done);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            progress.accept(String.format(java.util.Locale.ROOT,
                    "quality budget search: %d/%d candidates, %.0f s, about %.0f s left", tried.size(), total, elapsed,
                    elapsed / tried.size() * (total - tried.size())));
            Candidate pick = null;
            for (Candidate c : done) {
                if (c.within()) {
                    pick = c;  // the most aggressive level within budget: the last one that passes
                }
            }
            if (pick != null) {
                chosen = new ArrayList<>(pick.overrides());
                best = pick;
            }
            choices.add(k.name() + ": " + (pick == null ? "off" : pick.level()));
        }
        return new Result(budget, chosen, best.quality(), tried, choices);
    }

    private static List<Candidate> evaluate(List<Candidate> todo, RecorderModel model, String preset,
                                            DenseReference reference, Budget budget, int threads) {
        List<Callable<Candidate>> jobs = new ArrayList<>();
        for (Candidate c : todo) {
            jobs.add(() -> {
                SpattenConfig cfg = SpattenPresets.load(preset, c.overrides());
                QualityReport q = QualityEvaluator.evaluate(model, cfg, reference);
                return new Candidate(c.knob(), c.level(), c.overrides(), q, budget.admits(q));
            });
        }
        return StudyJobs.runAll(threads, jobs, n -> { });
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

package org.spattensim.trace.synth;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.spattensim.trace.stats.HeadStats;
import org.spattensim.trace.stats.HeadStatsAccumulator;
import org.spattensim.trace.stats.StatsOptions;
import org.spattensim.trace.stats.TraceStats;

/**
 * Fits the generator's strengths and temperatures so that the synthetic statistics (means over heads:
 * normalized entropy and its spread across heads, max probability, top mass, sink mass, local mass)
 * match a target, e.g. a recorded real trace's {@link TraceStats#summary()}. Nelder–Mead (commons-math3)
 * over the logarithms of sinkStrength, heavyHitterStrength, localStrength, noiseStd, temperatureMin,
 * temperatureMax/temperatureMin and headJitter; the other parameters stay as given. Deterministic.
 */
public final class SynthFitter {
    private final ModelShape shape;
    private final int sequenceLength;
    private final int[] queryPositions;
    private final long[] seeds;
    private final StatsOptions options;

    /**
     * @param shape          shape to generate
     * @param sequenceLength positions generated per sequence
     * @param queryPositions query positions measured (e.g. the positions the real trace has rows for)
     * @param seeds          sequences averaged per evaluation (more seeds, less noise)
     * @param options        what the statistics measure (use the target's)
     */
    public SynthFitter(ModelShape shape, int sequenceLength, int[] queryPositions, long[] seeds, StatsOptions options) {
        this.shape = shape;
        this.sequenceLength = sequenceLength;
        this.queryPositions = queryPositions.clone();
        this.seeds = seeds.clone();
        this.options = options;
    }

    /** Statistics of the synthetic attention with {@code p}, over all seeds. */
    public TraceStats measure(SynthParams p) {
        HeadStatsAccumulator[][] acc = new HeadStatsAccumulator[shape.layers()][shape.queryHeads()];
        for (int l = 0; l < shape.layers(); l++) {
            for (int h = 0; h < shape.queryHeads(); h++) {
                acc[l][h] = new HeadStatsAccumulator(l, h, options);
            }
        }
        float[] row = new float[sequenceLength];
        double[] scratch = new double[sequenceLength];
        for (long seed : seeds) {
            SyntheticAttention gen = new SyntheticAttention(shape, p, seed, sequenceLength);
            for (int l = 0; l < shape.layers(); l++) {
                SyntheticAttention.Layer layer = gen.layer(l);
                for (int pos : queryPositions) {
                    for (int h = 0; h < shape.queryHeads(); h++) {
                        gen.probabilities(layer, h, pos, row, scratch);
                        acc[l][h].add(row, 0, gen.keysFor(pos), pos);
                    }
                }
            }
        }
        List<HeadStats> heads = new ArrayList<>();
        for (HeadStatsAccumulator[] a : acc) {
            for (HeadStatsAccumulator x : a) {
                heads.add(x.result());
            }
        }
        return new TraceStats("synthetic " + shape.name(), false, options, heads);
    }

    /** Squared distance of two summaries over the six statistics. */
    public static double distance(TraceStats.Summary a, TraceStats.Summary b) {
        double s = 0;
        var ma = a.asMap();
        var mb = b.asMap();
        for (var e : ma.entrySet()) {
            double d = e.getValue() - mb.get(e.getKey());
            s += d * d;
        }
        return s;
    }

    /**
     * Fits starting from {@code start}; at most {@code maxEvaluations} generator runs. Returns the best
     * point seen, also when the budget runs out before the simplex converges.
     */
    public SynthParams fit(TraceStats.Summary target, SynthParams start, int maxEvaluations) {
        double[] x0 = encode(start);
        double[] best = x0.clone();
        double[] bestValue = {Double.POSITIVE_INFINITY};
        SimplexOptimizer opt = new SimplexOptimizer(1e-7, 1e-9);
        try {
            opt.optimize(new MaxEval(maxEvaluations), GoalType.MINIMIZE, new InitialGuess(x0),
                    new NelderMeadSimplex(x0.length, 0.5), new ObjectiveFunction(x -> {
                        double v = distance(measure(decode(x, start)).summary(), target);
                        if (v < bestValue[0]) {
                            bestValue[0] = v;
                            System.arraycopy(x, 0, best, 0, x.length);
                        }
                        return v;
                    }));
        } catch (TooManyEvaluationsException e) {
            // Budget spent: the best point so far is the answer.
        }
        return decode(best, start);
    }

    private static double[] encode(SynthParams p) {
        return new double[] {Math.log(p.sinkStrength() + 1e-3), Math.log(p.heavyHitterStrength() + 1e-3),
            Math.log(p.localStrength() + 1e-3), Math.log(p.noiseStd() + 1e-3), Math.log(p.temperatureMin()),
            Math.log(Math.max(p.temperatureMax() / p.temperatureMin() - 1, 1e-3)), Math.log(p.headJitter() + 1e-3)};
    }

    private static SynthParams decode(double[] x, SynthParams base) {
        double tMin = Math.exp(clamp(x[4]));
        return new SynthParams(base.sinkTokens(), Math.exp(clamp(x[0])), base.heavyHitters(), Math.exp(clamp(x[1])),
                base.localWindow(), Math.exp(clamp(x[2])), base.localFrequencies(), Math.exp(clamp(x[3])), tMin,
                tMin * (1 + Math.exp(clamp(x[5]))), Math.exp(clamp(x[6])), base.valueStd());
    }

    private static double clamp(double v) {
        return Math.max(-8, Math.min(4, v));
    }
}

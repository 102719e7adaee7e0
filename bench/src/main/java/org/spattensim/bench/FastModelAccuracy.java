package org.spattensim.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.analytic.SpattenAnalyticModel;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.DecisionDrivenProducer;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.SpattenEvaluator;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;

/**
 * The fast model's error against the cycle-level model on seeded random points of a bundled space, on a bundled
 * SpAtten workload or a Q/K/V trace file (docs/dse.md "Fast fidelity"). Run by hand (about 2 s of CPU per point for the cycle model):
 * {@code java -cp bench/target/benchmarks.jar org.spattensim.bench.FastModelAccuracy [seed] [points] [space] [workload]}
 * (defaults 7, 24, spatten-1-8, gpt2-small-wikitext2). Prints one line per point, then the median and max |error|
 * of cycles and energy and the Spearman rank correlation of the latencies.
 */
public final class FastModelAccuracy {
    private FastModelAccuracy() {}

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 7;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        DesignSpace space = DesignSpace.loadNamedOrFile(args.length > 2 ? args[2] : "spatten-1-8");
        String workload = args.length > 3 ? args[3] : "gpt2-small-wikitext2";
        SpattenEvaluator ev = new SpattenEvaluator(Explorer.context(space, workload));
        var csv = BundledSpattenWorkloads.names().contains(workload) ? BundledSpattenWorkloads.load(workload) : null;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] cycleErr = new double[n];
        double[] energyErr = new double[n];
        double[] fastSeconds = new double[n];
        double[] cycleSeconds = new double[n];
        int done = 0;
        while (done < n) {
            double[] u = new double[space.parameters().size()];
            for (int j = 0; j < u.length; j++) {
                u[j] = rng.nextDouble();
            }
            DesignPoint p = space.decode(u);
            if (ev.invalidReason(p) != null) {
                continue;
            }
            SpattenConfig c = ev.config(space.overrides(p));
            // As SpattenEvaluator builds it: decisions from the CSV, or the functional model on a Q/K/V trace.
            Workload w = csv != null ? DecisionDrivenProducer.from(csv, c)
                    : WorkloadLoader.load(workload, c, AblationStep.PROGRESSIVE_QUANTIZATION).workload();
            SpattenRun fast = new SpattenAnalyticModel(c).run(w);
            SpattenRun cycle = new SpattenTimingModel(c).run(w);
            cycleErr[done] = (double) fast.totalCycles() / cycle.totalCycles() - 1;
            energyErr[done] = fast.energyPj() / cycle.energyPj() - 1;
            fastSeconds[done] = fast.seconds();
            cycleSeconds[done] = cycle.seconds();
            System.out.printf(Locale.ROOT, "%2d %s cycles fast %d cycle %d error %+.4f energy error %+.4f%n", done, p,
                    fast.totalCycles(), cycle.totalCycles(), cycleErr[done], energyErr[done]);
            done++;
        }
        System.out.printf(Locale.ROOT, "%d points, seed %d: cycles median |error| %.4f, max %.4f (min %+.4f, max %+.4f);"
                        + " energy median |error| %.4f, max %.4f; Spearman rank correlation of seconds %.4f%n", n, seed,
                medianAbs(cycleErr), maxAbs(cycleErr), Arrays.stream(cycleErr).min().orElse(0),
                Arrays.stream(cycleErr).max().orElse(0), medianAbs(energyErr), maxAbs(energyErr),
                new SpearmansCorrelation().correlation(fastSeconds, cycleSeconds));
    }

    static double medianAbs(double[] e) {
        return new Median().evaluate(Arrays.stream(e).map(Math::abs).toArray());
    }

    static double maxAbs(double[] e) {
        return Arrays.stream(e).map(Math::abs).max().orElse(0);
    }
}

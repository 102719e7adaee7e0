package org.spattensim.results.study;

import java.util.List;
import java.util.Map;
import org.spattensim.results.baseline.BaselineResult;
import org.spattensim.results.report.DataTable;

/**
 * The SpAtten paper's published figures (docs/reference/spatten-facts.md §1, §2.1, §10) beside this run's, each with the
 * reason they differ. Paper figures are averages over 30 benchmarks unless noted; ours are one workload.
 */
final class PaperComparison {
    private PaperComparison() {}

    static DataTable table(List<StudyPoint> points, Map<String, Map<String, BaselineResult>> baselines, boolean cpu) {
        String w = DemoStudy.GPT2;
        StudyPoint full = find(points, w, "spatten");
        StudyPoint eighth = find(points, w, "spatten-1/8");
        StudyPoint dense = find(points, w, "dense");
        StudyPoint general = find(points, w, "spatten +pruning (general top-k)");
        StudyPoint fast = find(points, w, "spatten +fast top-k engine");
        BaselineResult titan = baselines.get(w).get("gpu:titan-xp");
        BaselineResult host = baselines.get(w).get("cpu");
        DataTable t = new DataTable("metric", "paper", "ours", "source", "explanation");
        double s = full.run().seconds();
        t.add("DRAM access reduction vs dense", "10.0x", x((double) dense.run().dramBytesRead() / full.run().dramBytesRead()), "[ABS]",
                "Paper: average over 30 benchmarks. Ours: GPT-2 small with the release's decisions (27.6% of keys, 5.5% of values, "
                        + "6-bit data) against the dense datapath fetching every key and value at 12 bit; GPT-2 prunes more than the "
                        + "BERT tasks in the average.");
        t.add("speedup vs TITAN Xp (spatten)", "162x", x(titan.latencySeconds() / s), "[ABS]",
                "Our TITAN Xp is a roofline + launch-overhead model, not a measurement; the paper measured PyTorch/cuDNN, whose "
                        + "per-kernel overheads on one-query decode steps are larger than a roofline assumes.");
        if (cpu && host != null) {
            t.add("speedup vs CPU (spatten)", "347x (Xeon E5-2640 v4)", x(host.latencySeconds() / s), "[ABS]",
                    "Different CPU: ours is this host, measured with a multi-threaded BLAS-grade kernel; the paper used PyTorch + "
                            + "MKL on a Xeon server, with framework overhead per small decode step.");
        }
        priorAccelerators(t, points);
        t.add("energy saving vs TITAN Xp", "1193x", x(titan.energyJoules() / (full.run().energyPj() * 1e-12)), "[ABS]",
                "GPU energy = modelled latency x a power assumption (see the GPU spec table); ours excludes static power.");
        if (cpu && host != null) {
            t.add("energy saving vs CPU", "4059x", x(host.energyJoules() / (full.run().energyPj() * 1e-12)), "[ABS]",
                    "Host CPU energy = measured latency x a stated power assumption; a different CPU from the paper's.");
        }
        t.add("breakdown: dedicated datapath vs TITAN Xp", "22.1x", x(titan.latencySeconds() / dense.run().seconds()), "[KR]",
                "Dense SpAtten datapath (12-bit data, no pruning) against our modelled TITAN Xp.");
        t.add("breakdown: + token/head pruning, general top-k", "~1.2x (1.1x each)", x(dense.run().seconds() / general.run().seconds()),
                "[KR]", "With a sort-based top-k the ranking becomes the bottleneck, as the paper says; our gain is larger because the "
                        + "release's GPT-2 decisions prune 72% of keys and the sorter overlaps with fetching.");
        t.add("breakdown: + fast top-k engine", "~3x", x(general.run().seconds() / fast.run().seconds()), "[KR]",
                "Quick-select engine with 16 comparators, latency from the release's model, replacing the sorter.");
        t.add("breakdown: + progressive quantization", "~2.8x", x(fast.run().seconds() / s), "[KR]",
                "6-bit MSBs instead of 12-bit data, 4-bit LSB refetch on the 7% of tasks the release marks.");
        t.add("throughput on GPT-2 (spatten)", "0.43 TFLOPS", String.format("%.3g TFLOPS", full.ops() / s / 1e12), "[KR]",
                "Ours counts 2 ops per executed multiply-accumulate (pruned work not credited).");
        t.add("power (spatten)", "8.30 W", String.format("%.3g W", full.run().energyPj() * 1e-12 / s), "[KR]",
                "Ours: dynamic logic and SRAM energy + DRAM (IDD model incl. background) over the run; no leakage.");
        t.add("power (spatten-1/8)", "0.942 W", String.format("%.3g W", eighth.run().energyPj() * 1e-12 / eighth.run().seconds()), "[SOFA]",
                "As above.");
        t.add("area (spatten)", "18.71 mm2", String.format("%.4g mm2", full.run().areaMm2()), "[KR]",
                "Calibrated: the per-lane area is chosen so the full preset equals the paper's total.");
        t.add("area (spatten-1/8)", "1.55 mm2", String.format("%.3g mm2", eighth.run().areaMm2()), "[SOFA]",
                "Not calibrated: the 1/8 preset keeps the full 196,608 B buffers (as the release runs it), so our model gives more "
                        + "area than the paper's 1/8 chip, which presumably also shrank its buffers.");
        return t;
    }

    /**
     * SpAtten-1/8 against A3 and MNNFast where the paper compared them: BERT (the demo's encoder workload), with
     * the reasons for the differences computed from this run's own counters.
     */
    private static void priorAccelerators(DataTable t, List<StudyPoint> points) {
        String w = DemoStudy.ENCODER;
        StudyPoint eighth = find(points, w, "spatten-1/8");
        StudyPoint dense = find(points, w, "dense-1/8");
        StudyPoint a3 = find(points, w, "a3");
        StudyPoint mnn = find(points, w, "mnnfast");
        double keptWork = (double) eighth.run().stats().counterValue("actions.qk_mac")
                / dense.run().stats().counterValue("actions.qk_mac");
        double qkBusy = eighth.run().stats().value("unit.qk.utilisation");
        double a3Iterations = (double) a3.run().stats().counterValue("a3.iterations")
                / a3.run().stats().counterValue("a3.keys_seen");
        double a3Candidates = a3.run().stats().value("a3.candidate_share");
        String why = String.format(java.util.Locale.ROOT, "Paper: average over BERT benchmarks with per-task pruning "
                + "chosen for no accuracy loss (SpAtten saves 67%% of computation [SOFA]). Ours: synthetic bert-base "
                + "prefill, 128 tokens; SpAtten-1/8 with its GPT-2 pruning schedule keeps %.0f%% of the dense Q×K work, "
                + "its Q×K unit busy %.0f%% of the time (the RTL's serial key fork leaves a bubble per short BERT "
                + "row); A3's candidate search runs %.2f iterations per key (M, our assumption) and scores %.0f%% "
                + "of keys exactly; MNNFast scores every key. Output error vs exact attention: SpAtten-1/8 %.2f, A3 "
                + "%.2f, MNNFast %.3f (docs/accelerators.md).", keptWork * 100, qkBusy * 100, a3Iterations,
                a3Candidates * 100, error(eighth), error(a3), error(mnn));
        t.add("speedup vs A3 (spatten-1/8, BERT)", "1.6x", x(a3.run().seconds() / eighth.run().seconds()),
                "[ABS], [KR]", why);
        t.add("speedup vs MNNFast (spatten-1/8, BERT)", "3.0x", x(mnn.run().seconds() / eighth.run().seconds()),
                "[ABS], [KR]", "As for A3: MNNFast's time is one key row per cycle for every key of every query, "
                        + "so the ratio is the dense work over SpAtten-1/8's kept work and bubbles.");
        t.add("energy saving vs A3 (BERT)", "1.4x", x(a3.run().energyPj() / eighth.run().energyPj()), "[ABS]",
                "Same energy table for all designs (SpAtten's, 40 nm); A3 also fetches every query, key and value "
                        + "from DRAM and sorts its keys on chip.");
        t.add("energy saving vs MNNFast (BERT)", "3.2x", x(mnn.run().energyPj() / eighth.run().energyPj()), "[ABS]",
                "As for A3; MNNFast computes every score and exponent.");
    }

    private static double error(StudyPoint p) {
        return p.run().stats().contains(org.spattensim.accel.kvstream.OutputError.STAT)
                ? p.run().stats().value(org.spattensim.accel.kvstream.OutputError.STAT) : Double.NaN;
    }

    private static String x(double v) {
        return DataTable.fmt(v) + "x";
    }

    private static StudyPoint find(List<StudyPoint> points, String workload, String model) {
        for (StudyPoint p : points) {
            if (p.workload().equals(workload) && p.model().equals(model)) {
                return p;
            }
        }
        throw new IllegalStateException("no simulated point for " + model + " on " + workload);
    }
}

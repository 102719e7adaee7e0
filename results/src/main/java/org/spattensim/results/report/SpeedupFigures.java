package org.spattensim.results.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The speedup and energy-saving charts of one workload, from a speedup table ({@code workload, model, baseline,
 * speedup, energy_saving}) and the comparison table that says how each baseline's figure was obtained
 * ({@code workload, model, method}): one bar per design and baseline, coloured by the baseline's method
 * (simulated, measured, modelled), on a log axis with the 1x line. Used by every report that has the two tables.
 */
final class SpeedupFigures {
    private SpeedupFigures() {}

    /** Writes both charts; returns their PNG names. */
    static String[] write(DataTable speedup, DataTable comparison, String workload, Path plots, String slug) {
        DataTable w = speedup.where("workload", workload::equals);
        List<String> labels = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        List<Double> speed = new ArrayList<>();
        List<Double> energy = new ArrayList<>();
        for (String model : w.distinct("model")) {
            for (int i = 0; i < w.size(); i++) {
                if (!w.get(i, "model").equals(model)) {
                    continue;
                }
                String b = w.get(i, "baseline");
                labels.add(model + " vs " + b);
                methods.add(method(comparison, workload, b));
                speed.add(w.number(i, "speedup"));
                energy.add(w.number(i, "energy_saving"));
            }
        }
        var sc = Charts.methodBars("Speedup on " + workload, "design vs baseline", "speedup (x, log)", labels,
                methods, speed, true);
        Charts.referenceLine(sc, labels, 1.0, "1x (below: slower than the baseline)");
        var ec = Charts.methodBars("Energy saving on " + workload, "design vs baseline", "energy saving (x, log)",
                labels, methods, energy, true);
        Charts.referenceLine(ec, labels, 1.0, "1x (below: more energy than the baseline)");
        return new String[] {Charts.save(sc, plots, "speedup_" + slug), Charts.save(ec, plots, "energy_saving_" + slug)};
    }

    /** How the baseline's figure on this workload was obtained; "modelled" when the comparison does not say. */
    private static String method(DataTable comparison, String workload, String baseline) {
        if (comparison != null && comparison.has("method")) {
            for (int i = 0; i < comparison.size(); i++) {
                if (comparison.get(i, "workload").equals(workload) && comparison.get(i, "model").equals(baseline)) {
                    return comparison.get(i, "method");
                }
            }
        }
        return "modelled";
    }
}

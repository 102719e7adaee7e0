package org.spattensim.results.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.accel.spatten.validation.StepPoint;
import org.spattensim.accel.spatten.validation.ValidationReport;
import org.spattensim.accel.spatten.validation.ValidationRow;

/** Writes a validation run as data ({@link ReportFiles#VALIDATION}, {@link ReportFiles#VALIDATION_STEPS}) and plots. */
public final class ValidationFiles {
    public static final String PLOT = "validation_steps";

    private ValidationFiles() {
    }

    public static DataTable rows(ValidationReport r) {
        DataTable t = new DataTable("case", "metric", "unit", "ours", "reference", "error_percent", "lower", "upper",
                "tolerance", "pass");
        for (ValidationRow row : r.rows()) {
            t.add(row.caseName(), row.metric(), row.unit(), row.ours(), row.reference(), row.errorPercent(),
                    Double.isInfinite(row.lower()) ? "" : row.lower(), Double.isInfinite(row.upper()) ? "" : row.upper(),
                    row.tolerance(), row.pass());
        }
        return t;
    }

    public static DataTable steps(ValidationReport r) {
        DataTable t = new DataTable("step", "ours_cumulative_cycles", "reference_cumulative_cycles",
                "ours_increment_cycles", "reference_increment_cycles", "increment_error_percent",
                "cumulative_error_percent");
        for (StepPoint p : r.steps()) {
            t.add(p.step(), p.oursCumulative(), p.referenceCumulative(), p.oursIncrement(), p.referenceIncrement(),
                    p.incrementErrorPercent(), p.cumulativeErrorPercent());
        }
        return t;
    }

    /** Writes both tables into {@code dataDir} and the per-step error plot into {@code plotsDir}. */
    public static void write(ValidationReport r, Path dataDir, Path plotsDir) {
        rows(r).write(dataDir.resolve(ReportFiles.VALIDATION));
        DataTable steps = steps(r);
        steps.write(dataDir.resolve(ReportFiles.VALIDATION_STEPS));
        plot(steps, plotsDir);
    }

    /** The per-step error plot from {@link #steps}: increment and cumulative error with the ±8% band. */
    public static String plot(DataTable steps, Path plotsDir) {
        int n = steps.size();
        double[] x = new double[n];
        double[] inc = new double[n];
        double[] cum = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = steps.number(i, "step");
            inc[i] = steps.number(i, "increment_error_percent");
            cum[i] = steps.number(i, "cumulative_error_percent");
        }
        double[] band = {x[0], x[n - 1]};
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("per-step increment", new double[][] {x, inc});
        series.put("cumulative", new double[][] {x, cum});
        series.put("+8% goal", new double[][] {band, {8, 8}});
        series.put("-8% goal", new double[][] {band, {-8, -8}});
        var chart = Charts.lines("SpAtten-1/8: per-step error against the RTL simulation", "generated step (GPT-2 small, pruned workload)",
                "error vs SpAtten RTL simulation (%)", series, false, false);
        Charts.dashed(chart, "+8% goal");
        Charts.dashed(chart, "-8% goal");
        return Charts.save(chart, plotsDir, PLOT);
    }
}

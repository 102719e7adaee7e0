package org.spattensim.dse.output;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Plots of an exploration, each as PNG and SVG: one 2-D projection per pair of objectives
 * ({@code front-<a>-vs-<b>}: every feasible point in grey, infeasible ones in pale red, the Pareto front in
 * blue) and a parallel-coordinates plot of the front ({@code front-parallel}: one line per front point across
 * the parameters and objectives, each axis scaled to [0, 1] over its range).
 */
public final class FrontPlots {
    static final int WIDTH = 800;
    static final int HEIGHT = 560;
    /** Lines beyond this make a parallel-coordinates plot unreadable (and slow to render). */
    static final int MAX_LINES = 300;

    private FrontPlots() {}

    /** Writes the plots into {@code dir}; returns the PNG file names. */
    public static List<String> write(ExplorationResult r, Path dir) {
        List<String> files = new ArrayList<>();
        DesignSpace s = r.space();
        int k = s.objectives().size();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                String a = s.objectives().get(i).metric();
                String b = s.objectives().get(j).metric();
                files.add(save(projection(r, i, j), dir, "front-" + a + "-vs-" + b));
            }
        }
        if (!r.front().isEmpty()) {
            files.add(save(parallel(r), dir, "front-parallel"));
        }
        return files;
    }

    static XYChart projection(ExplorationResult r, int i, int j) {
        String a = r.space().objectives().get(i).metric();
        String b = r.space().objectives().get(j).metric();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(r.space().name() + ": " + b + " vs " + a).xAxisTitle(a).yAxisTitle(b).build();
        style(c);
        scatter(c, "feasible", r.evaluations().stream().filter(Evaluation::feasible).toList(), i, j, new Color(0xb0b0b0));
        scatter(c, "infeasible", r.evaluations().stream().filter(e -> e.error() == null && !e.feasible()).toList(), i, j,
                new Color(0xf4a6a6));
        List<Evaluation> front = new ArrayList<>(r.front());
        front.sort(Comparator.comparingDouble(e -> e.objectives()[i]));
        XYSeries f = scatter(c, "Pareto front", front, i, j, new Color(0x1f77b4));
        if (f != null) {
            f.setMarker(SeriesMarkers.DIAMOND);
        }
        return c;
    }

    private static XYSeries scatter(XYChart c, String name, List<Evaluation> es, int i, int j, Color color) {
        if (es.isEmpty()) {
            return null;
        }
        double[] x = new double[es.size()];
        double[] y = new double[es.size()];
        for (int n = 0; n < es.size(); n++) {
            x[n] = es.get(n).objectives()[i];
            y[n] = es.get(n).objectives()[j];
        }
        XYSeries s = c.addSeries(name + " (" + es.size() + ")", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    static XYChart parallel(ExplorationResult r) {
        DesignSpace s = r.space();
        List<String> axes = new ArrayList<>();
        s.parameters().forEach(p -> axes.add(p.name()));
        s.objectives().forEach(o -> axes.add(o.metric()));
        List<Evaluation> front = r.front().size() <= MAX_LINES ? r.front() : r.front().subList(0, MAX_LINES);
        int n = axes.size();
        double[][] raw = new double[front.size()][n];
        for (int f = 0; f < front.size(); f++) {
            Evaluation e = front.get(f);
            for (int p = 0; p < s.parameters().size(); p++) {
                raw[f][p] = axisValue(s.parameters().get(p), e.point().get(s.parameters().get(p).name()));
            }
            for (int o = 0; o < s.objectives().size(); o++) {
                raw[f][s.parameters().size() + o] = e.objectives()[o];
            }
        }
        for (int a = 0; a < n; a++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : raw) {
                lo = Math.min(lo, row[a]);
                hi = Math.max(hi, row[a]);
            }
            for (double[] row : raw) {
                row[a] = hi > lo ? (row[a] - lo) / (hi - lo) : 0.5;
            }
        }
        XYChart c = new XYChartBuilder().width(Math.max(WIDTH, 110 * n)).height(HEIGHT)
                .title(s.name() + ": Pareto front, parallel coordinates (each axis scaled to its range on the front)")
                .xAxisTitle("parameters and objectives").yAxisTitle("scaled value (0 = lowest on the front)").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.setCustomXAxisTickLabelsFormatter(v -> {
            int a = (int) Math.round(v);
            return Math.abs(v - a) < 1e-9 && a >= 0 && a < axes.size() ? axes.get(a) : "";
        });
        double[] x = new double[n];
        for (int a = 0; a < n; a++) {
            x[a] = a;
        }
        for (int f = 0; f < raw.length; f++) {
            XYSeries line = c.addSeries("p" + f, x, raw[f]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new java.awt.BasicStroke(1.2f));
            float t = raw.length > 1 ? (float) f / (raw.length - 1) : 0;
            line.setLineColor(Color.getHSBColor(0.6f - 0.6f * t, 0.8f, 0.8f));
        }
        return c;
    }

    /** A parameter value on its axis: the number itself, or a choice's index. */
    private static double axisValue(Parameter p, Object v) {
        if (v instanceof Number num && !(p instanceof org.spattensim.dse.space.ChoiceParameter)) {
            return num.doubleValue();
        }
        if (p instanceof org.spattensim.dse.space.ChoiceParameter cp) {
            return cp.values().indexOf(v);
        }
        return 0;
    }

    private static void style(XYChart c) {
        Styler st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setAntiAlias(true);
        c.getStyler().setPlotGridLinesColor(new Color(0xe0e0e0));
        c.getStyler().setMarkerSize(6);
    }

    static String save(Chart<?, ?> chart, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            BitmapEncoder.saveBitmap(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name + ".svg").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return name + ".png";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + dir.resolve(name), e);
        }
    }
}

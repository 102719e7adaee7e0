package org.spattensim.results.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart figures in one house style, each saved as PNG and SVG side by side. */
public final class Charts {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 480;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    private Charts() {}

    /** Grouped bars: one group per category, one bar per series. */
    public static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
                                     Map<String, List<Double>> series, boolean logY, boolean stacked) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setStacked(stacked);
        c.getStyler().setOverlapped(false);
        c.getStyler().setLabelsVisible(!stacked && categories.size() * series.size() <= 12);
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        c.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setLegendVisible(series.size() > 1);
        // Vertical when rotated: XChart anchors a label slanted at 30-45 degrees so that its end sits one category to
        // the right of its bar, which reads as the neighbour's label; at 90 degrees it is centred under its bar.
        c.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 90 : 0);
        if (logY) {
            // XChart's log bar axis needs explicit decade bounds, else it starts the bars at zero.
            double min = Double.MAX_VALUE;
            double max = 0;
            for (List<Double> values : series.values()) {
                for (Double v : values) {
                    if (v != null && v > 0 && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (max > 0) {
                c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
                c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max) + 1e-9)));
            }
        }
        series.forEach((name, values) -> c.addSeries(name, categories, values));
        return c;
    }

    /** How a baseline's figure was obtained, in the order and colours every chart uses. */
    public static final List<String> METHODS = List.of("simulated", "measured", "modelled");
    private static final Color[] METHOD_COLORS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xb0b0b0)};

    /**
     * One bar per category, coloured by how the figure behind it was obtained ({@link #METHODS}: simulated, measured,
     * modelled), with a legend naming the three, so a modelled GPU bar cannot pass for a measured one. A method
     * outside the list is drawn as modelled.
     */
    public static CategoryChart methodBars(String title, String xTitle, String yTitle, List<String> categories,
                                           List<String> methods, List<Double> values, boolean logY) {
        Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
        for (String m : METHODS) {
            List<Double> v = new java.util.ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                String mi = METHODS.contains(methods.get(i)) ? methods.get(i) : "modelled";
                v.add(mi.equals(m) ? values.get(i) : null);
            }
            if (v.stream().anyMatch(java.util.Objects::nonNull)) {
                series.put("vs " + m + " baseline", v);
            }
        }
        CategoryChart c = bars(title, xTitle, yTitle, categories, series, logY, false);
        // Overlapped: each category has one non-empty series, so its bar takes the whole slot.
        c.getStyler().setOverlapped(true);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLabelsVisible(categories.size() <= 12);
        for (String m : METHODS) {
            var s = c.getSeriesMap().get("vs " + m + " baseline");
            if (s != null) {
                s.setFillColor(METHOD_COLORS[METHODS.indexOf(m)]);
            }
        }
        return c;
    }

    /** Lines over a numeric x axis. */
    public static XYChart lines(String title, String xTitle, String yTitle, Map<String, double[][]> series,
                                boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]).setMarker(SeriesMarkers.NONE));
        return c;
    }

    /** The house colour of the {@code i}-th series. */
    public static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Adds scatter points (no line) to an XY chart, in the given colour. */
    public static void points(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(color);
    }

    /** Makes the named series dashed (for modelled ceilings beside measured ones). */
    public static void dashed(XYChart c, String name) {
        c.getSeriesMap().get(name).setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }

    static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(0xe0e0e0));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
    }

    /**
     * A horizontal reference line at {@code y} across every category (the 1x line of a speedup chart: bars below
     * it are slowdowns).
     */
    public static void referenceLine(CategoryChart c, List<String> categories, double y, String name) {
        List<Double> ys = java.util.Collections.nCopies(categories.size(), y);
        var s = c.addSeries(name, categories, ys);
        s.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
        s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        c.getStyler().setLegendVisible(true);
    }

    /**
     * Saves {@code <dir>/<name>.png}, {@code .svg}, {@code .pdf}, and {@code <name>-paper.pdf} without the title (a
     * paper's caption says it); returns the PNG file name.
     */
    public static String save(Chart<?, ?> chart, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            BitmapEncoder.saveBitmapWithDPI(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG, 110);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name + ".svg").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name + ".pdf").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
            String title = chart.getTitle();
            chart.setTitle("");
            try {
                VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name + "-paper.pdf").toString(),
                        VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
            } finally {
                chart.setTitle(title);
            }
            return name + ".png";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + dir.resolve(name), e);
        }
    }
}

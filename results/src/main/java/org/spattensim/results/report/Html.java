package org.spattensim.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A minimal HTML builder for the report: sections, tables from {@link DataTable}, figure rows. */
final class Html {
    private final StringBuilder sb = new StringBuilder();
    /** Folder of the data files relative to the HTML file ("" when they sit beside it). */
    private final String dataDir;

    Html() {
        this(ReportFiles.DATA_DIR);
    }

    Html(String dataDir) {
        this.dataDir = dataDir;
    }
    private final List<String[]> toc = new ArrayList<>();
    private int tocAt;
    private boolean inSection;

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    void begin(String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1200px;margin:2em auto;padding:0 1.5em;color:#222;line-height:1.45}\n")
                .append("h1{border-bottom:2px solid #1f77b4;padding-bottom:.3em}h2{margin-top:2.2em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:.86em;display:block;overflow-x:auto;max-width:100%}\n")
                .append("th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f6fa}\n")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even) td{background:#fafafa}\n")
                .append(".figs{display:flex;flex-wrap:wrap;gap:1em}.figs figure{margin:0;flex:1 1 520px}.figs img{width:100%;border:1px solid #eee}\n")
                .append("figcaption{font-size:.8em;color:#666}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}\n")
                .append("pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:.82em}nav ol{columns:2}.src{font-size:.8em;color:#666}\n")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        tocAt = sb.length();
    }

    void section(String id, String title) {
        closeSection();
        inSection = true;
        toc.add(new String[] {id, title});
        sb.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n");
    }

    void h3(String title) {
        sb.append("<h3>").append(esc(title)).append("</h3>\n");
    }

    void p(String innerHtml) {
        sb.append("<p>").append(innerHtml).append("</p>\n");
    }

    void definitions(Map<String, String> facts) {
        sb.append("<dl>\n");
        facts.forEach((k, v) -> sb.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
        sb.append("</dl>\n");
    }

    void details(String summary, String pre) {
        sb.append("<details><summary>").append(esc(summary)).append("</summary><pre>").append(esc(pre)).append("</pre></details>\n");
    }

    void list(List<String> items) {
        sb.append("<ul>\n");
        items.forEach(i -> sb.append("<li>").append(esc(i)).append("</li>\n"));
        sb.append("</ul>\n");
    }

    void list(JsonNode items) {
        sb.append("<ul>\n");
        items.forEach(i -> sb.append("<li>").append(esc(i.asText())).append("</li>\n"));
        sb.append("</ul>\n");
    }

    void figures(String... pngs) {
        sb.append("<div class=\"figs\">\n");
        for (String png : pngs) {
            String svg = png.replaceAll("\\.png$", ".svg");
            sb.append("<figure><img src=\"").append(ReportFiles.PLOTS_DIR).append('/').append(esc(png)).append("\" alt=\"")
                    .append(esc(png)).append("\"><figcaption><a href=\"").append(ReportFiles.PLOTS_DIR).append('/').append(esc(svg))
                    .append("\">SVG</a></figcaption></figure>\n");
        }
        sb.append("</div>\n");
    }

    private static String display(String cell) {
        if (!isNumber(cell) || cell.matches("-?\\d+")) {
            return cell;
        }
        try {
            return DataTable.fmt(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return cell;
        }
    }

    void table(DataTable t, String file) {
        sb.append("<table data-source=\"").append(esc(file)).append("\">\n<thead><tr>");
        for (String c : t.columns()) {
            sb.append("<th>").append(esc(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (String cell : row) {
                // A figure that does not exist (NaN) reads as "n/a"; numbers with four significant digits (the
                // linked CSV has every digit).
                String shown = cell.equals("NaN") ? "n/a" : display(cell);
                sb.append(isNumber(cell) ? "<td class=\"num\">" : "<td>").append(esc(shown)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        String href = (dataDir.isEmpty() ? "" : dataDir + "/") + file;
        sb.append("</tbody></table>\n<p class=\"src\">data: <a href=\"").append(esc(href)).append("\">").append(esc(href))
                .append("</a></p>\n");
    }

    void jsonTable(JsonNode array) {
        Set<String> cols = new LinkedHashSet<>();
        array.forEach(o -> o.fieldNames().forEachRemaining(cols::add));
        sb.append("<table><thead><tr>");
        cols.forEach(c -> sb.append("<th>").append(esc(c)).append("</th>"));
        sb.append("</tr></thead><tbody>\n");
        for (JsonNode o : array) {
            sb.append("<tr>");
            for (String c : cols) {
                sb.append("<td>").append(esc(o.path(c).asText(""))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    /** True when the cell parses as a number (it is then right-aligned, and plottable). */
    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void closeSection() {
        if (inSection) {
            sb.append("</section>\n");
            inSection = false;
        }
    }

    void end() {
        closeSection();
        StringBuilder nav = new StringBuilder("<nav><ol>\n");
        for (String[] t : toc) {
            nav.append("<li><a href=\"#").append(t[0]).append("\">").append(esc(t[1])).append("</a></li>\n");
        }
        nav.append("</ol></nav>\n");
        sb.insert(tocAt, nav);
        sb.append("</body></html>\n");
    }

    /** Writes the page to {@code <dir>/report.html}; returns that path. */
    java.nio.file.Path writeReport(java.nio.file.Path dir) {
        java.nio.file.Path out = dir.resolve(ReportFiles.REPORT);
        try {
            java.nio.file.Files.writeString(out, toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + out, e);
        }
        return out;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}

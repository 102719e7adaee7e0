package org.spattensim.results.baseline.gpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.AttentionShape;

/**
 * Measured GPU attention timings imported from CSV. The header names the columns (any order, all
 * required, no others); lines starting with {@code #} and blank lines are skipped. Every error names the
 * file, the line and the column.
 */
public final class MeasuredGpuTimings {
    /** The columns, in the order {@code tools/gpu_baseline.py} writes them. */
    public static final List<String> COLUMNS = List.of("gpu", "device_name", "layers", "query_heads", "kv_heads",
            "head_dim", "context_length", "queries", "mode", "causal", "kernel", "dtype", "median_latency_s",
            "repeats", "date", "driver", "torch_version");

    private final List<MeasuredGpuTiming> rows;

    public MeasuredGpuTimings(List<MeasuredGpuTiming> rows) {
        this.rows = List.copyOf(rows);
    }

    public static MeasuredGpuTimings empty() {
        return new MeasuredGpuTimings(List.of());
    }

    public static MeasuredGpuTimings load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read GPU timing CSV: " + e.getMessage(), e);
        }
    }

    public static MeasuredGpuTimings parse(Reader reader, String file) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        Map<String, Integer> index = null;
        List<MeasuredGpuTiming> rows = new ArrayList<>();
        String text;
        int line = 0;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            List<String> cells = split(text, file, line);
            if (index == null) {
                index = header(cells, file, line);
                continue;
            }
            if (cells.size() != COLUMNS.size()) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: line %d: %d fields; expected %d (%s)",
                        file, line, cells.size(), COLUMNS.size(), String.join(",", COLUMNS)));
            }
            rows.add(row(new Row(cells, index, file, line)));
        }
        if (index == null) {
            throw new InvalidInputException(file + ": line 1: no header; expected the columns " + String.join(",", COLUMNS));
        }
        return new MeasuredGpuTimings(rows);
    }

    private static Map<String, Integer> header(List<String> cells, String file, int line) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).trim();
            if (!COLUMNS.contains(c)) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: line %d, column %d: unknown column '%s'; expected one of %s",
                        file, line, i + 1, c, COLUMNS));
            }
            if (index.put(c, i) != null) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: line %d, column %d: duplicate column '%s'",
                        file, line, i + 1, c));
            }
        }
        for (String c : COLUMNS) {
            if (!index.containsKey(c)) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: line %d: missing column '%s'; expected the columns %s",
                        file, line, c, String.join(",", COLUMNS)));
            }
        }
        return index;
    }

    private static MeasuredGpuTiming row(Row r) {
        String gpu = r.text("gpu");
        if (!gpu.matches("[a-z0-9][a-z0-9-]*")) {
            throw r.error("gpu", gpu, "a GPU id of lower-case letters, digits and '-', e.g. h100");
        }
        String modeText = r.text("mode").toUpperCase(Locale.ROOT);
        AttentionShape.Mode mode;
        try {
            mode = AttentionShape.Mode.valueOf(modeText);
        } catch (IllegalArgumentException e) {
            throw r.error("mode", r.text("mode"), "prefill or decode");
        }
        String causalText = r.text("causal").toLowerCase(Locale.ROOT);
        if (!causalText.equals("true") && !causalText.equals("false")) {
            throw r.error("causal", r.text("causal"), "true or false");
        }
        int layers = r.positiveInt("layers");
        int queryHeads = r.positiveInt("query_heads");
        int kvHeads = r.positiveInt("kv_heads");
        int headDim = r.positiveInt("head_dim");
        int context = r.positiveInt("context_length");
        int queries = r.positiveInt("queries");
        AttentionShape shape;
        try {
            shape = new AttentionShape(layers, queryHeads, kvHeads, headDim, context, queries, mode,
                    Boolean.parseBoolean(causalText));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(r.where() + ": inconsistent shape: " + e.getMessage(), e);
        }
        String kernel = r.text("kernel");
        if (!kernel.equals("eager") && !kernel.equals("sdpa")) {
            throw r.error("kernel", kernel, "eager or sdpa");
        }
        Precision precision = Precision.parse(r.where() + ", column 'dtype'", "dtype", r.text("dtype"));
        double median = r.positiveDouble("median_latency_s");
        int repeats = r.positiveInt("repeats");
        LocalDate date;
        try {
            date = LocalDate.parse(r.text("date"));
        } catch (DateTimeParseException e) {
            throw r.error("date", r.text("date"), "an ISO date like 2026-11-23");
        }
        return new MeasuredGpuTiming(gpu, r.text("device_name"), shape, kernel, precision, median, repeats, date,
                r.text("driver"), r.text("torch_version"), r.file, r.line);
    }

    /** Splits one CSV line; double quotes may enclose a field with commas ("" is a literal quote). */
    static List<String> split(String text, String file, int line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: line %d, column %d: unterminated quote",
                    file, line, out.size() + 1));
        }
        out.add(cur.toString());
        return out;
    }

    public List<MeasuredGpuTiming> rows() {
        return rows;
    }

    /** The fastest measured row (over kernels and dtypes) for this GPU and exactly this shape. */
    public Optional<MeasuredGpuTiming> fastest(String gpu, AttentionShape shape) {
        return rows.stream().filter(t -> t.gpu().equals(gpu) && t.shape().equals(shape))
                .min(Comparator.comparingDouble(MeasuredGpuTiming::medianSeconds));
    }

    private static final class Row {
        final List<String> cells;
        final Map<String, Integer> index;
        final String file;
        final int line;

        Row(List<String> cells, Map<String, Integer> index, String file, int line) {
            this.cells = cells;
            this.index = index;
            this.file = file;
            this.line = line;
        }

        String where() {
            return file + ": line " + line;
        }

        String text(String column) {
            return cells.get(index.get(column)).trim();
        }

        InvalidInputException error(String column, String value, String expected) {
            return new InvalidInputException(String.format(Locale.ROOT, "%s: line %d, column %d '%s': got '%s'; expected %s",
                    file, line, index.get(column) + 1, column, value, expected));
        }

        int positiveInt(String column) {
            String t = text(column);
            try {
                int v = Integer.parseInt(t);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(column, t, "a positive integer");
        }

        double positiveDouble(String column) {
            String t = text(column);
            try {
                double v = Double.parseDouble(t);
                if (v > 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(column, t, "a finite positive number of seconds");
        }
    }
}

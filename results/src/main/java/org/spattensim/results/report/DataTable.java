package org.spattensim.results.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.spattensim.common.InvalidInputException;

/**
 * A small named table of text cells, read from and written to CSV (header row first). The report
 * renders cells exactly as stored, so every number in the HTML equals the one in the CSV.
 */
public final class DataTable {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public DataTable(List<String> columns) {
        if (new LinkedHashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("duplicate column in " + columns);
        }
        this.columns = List.copyOf(columns);
    }

    public DataTable(String... columns) {
        this(List.of(columns));
    }

    /**
     * Adds a row. Floating-point numbers keep every digit (the shortest text that reads back as the same double),
     * so a CSV loaded into pandas holds the simulated values exactly; the HTML report shows them with
     * {@link #fmt(double)}.
     */
    public DataTable add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has columns " + columns);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c instanceof Double || c instanceof Float ? full(((Number) c).doubleValue()) : String.valueOf(c));
        }
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    /** Every digit of {@code v}: integers without a fraction, others as Java's shortest round-trip text. */
    public static String full(double v) {
        if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Four significant digits, plain notation for ordinary magnitudes, scientific beyond. */
    public static String fmt(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Whether the table has this column. */
    public boolean has(String name) {
        return columns.contains(name);
    }

    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new InvalidInputException("table has no column '" + name + "'; expected one of " + columns);
        }
        return i;
    }

    public String get(int row, String column) {
        return rows.get(row).get(column(column));
    }

    public double number(int row, String column) {
        String s = get(row, column);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("row " + (row + 1) + ", column '" + column + "': '" + s + "' is not a number");
        }
    }

    /** Distinct values of a column in first-seen order. */
    public List<String> distinct(String column) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        int c = column(column);
        for (List<String> r : rows) {
            seen.add(r.get(c));
        }
        return new ArrayList<>(seen);
    }

    /** The rows for which the predicate on one column holds, as a new table. */
    public DataTable where(String column, Predicate<String> keep) {
        DataTable t = new DataTable(columns);
        int c = column(column);
        for (List<String> r : rows) {
            if (keep.test(r.get(c))) {
                t.rows.add(r);
            }
        }
        return t;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            CsvSchema schema = CsvSchema.emptySchema();
            try (Writer w = Files.newBufferedWriter(file)) {
                List<List<String>> all = new ArrayList<>();
                all.add(columns);
                all.addAll(rows);
                CSV.writer(schema).writeValues(w).writeAll(all).close();
            }
            String name = file.getFileName().toString();
            if (name.endsWith(".csv")) {
                Files.writeString(file.resolveSibling(name.substring(0, name.length() - 4) + ".tex"), toLatex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The table as a LaTeX {@code tabular} with booktabs rules, ready to {@code \input} inside a {@code table}
     * float (numbers right-aligned, text left-aligned, special characters escaped).
     */
    public String toLatex() {
        StringBuilder sb = new StringBuilder("% generated by spatten-sim; needs \\usepackage{booktabs}\n");
        sb.append("\\begin{tabular}{");
        for (int c = 0; c < columns.size(); c++) {
            boolean numeric = !rows.isEmpty();
            for (List<String> r : rows) {
                numeric &= r.get(c).isEmpty() || r.get(c).equals("NaN") || isNumeric(r.get(c));
            }
            sb.append(numeric ? 'r' : 'l');
        }
        sb.append("}\n\\toprule\n");
        sb.append(latexRow(columns)).append("\\midrule\n");
        for (List<String> r : rows) {
            sb.append(latexRow(r));
        }
        sb.append("\\bottomrule\n\\end{tabular}\n");
        return sb.toString();
    }

    private static String latexRow(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(latexEscape(c.equals("NaN") ? "n/a" : c));
        }
        return String.join(" & ", out) + " \\\\\n";
    }

    static String latexEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(ch);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    public static DataTable read(Path file) {
        org.spattensim.common.InputFiles.requireRegular(file, "a CSV table");
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).readValues(file.toFile())) {
            if (!it.hasNext()) {
                throw new InvalidInputException(file + ": empty CSV; expected a header row");
            }
            DataTable t = new DataTable(it.next());
            int line = 1;
            while (it.hasNext()) {
                line++;
                List<String> r = it.next();
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (r.size() != t.columns.size()) {
                    throw new InvalidInputException(file + ": line " + line + ": " + r.size() + " cells; expected "
                            + t.columns.size() + " (" + t.columns + ")");
                }
                t.rows.add(List.copyOf(r));
            }
            t.checkNumericColumns(file);
            return t;
        } catch (com.fasterxml.jackson.databind.RuntimeJsonMappingException e) {
            // A cut or corrupted file (a quoted cell never closed, say): Jackson's message names line and column.
            throw new InvalidInputException(file + ": not a well-formed CSV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
    }

    /**
     * A column whose cells are mostly numbers holds numbers: every cell is a number, "NaN" (a figure that does not
     * exist, such as an unpublished area) or empty. Text in such a column is damage, refused naming the cell.
     */
    private void checkNumericColumns(Path file) {
        for (int c = 0; c < columns.size(); c++) {
            int numbers = 0;
            int texts = 0;
            for (List<String> row : rows) {
                String cell = row.get(c);
                if (isNumeric(cell)) {
                    numbers++;
                } else if (!cell.isEmpty() && !cell.equals("NaN")) {
                    texts++;
                }
            }
            if (numbers == 0 || texts >= numbers) {
                continue;
            }
            for (int r = 0; r < rows.size(); r++) {
                String cell = rows.get(r).get(c);
                if (!cell.isEmpty() && !cell.equals("NaN") && !isNumeric(cell)) {
                    throw InvalidInputException.of(file.toString(), "line " + (r + 2) + ", column " + columns.get(c),
                            "'" + cell + "' is not a number", "a number, like the column's other cells");
                }
            }
        }
    }

    private static boolean isNumeric(String s) {
        if (s.isEmpty() || s.equals("NaN")) {
            return false;
        }
        try {
            Double.parseDouble(s);
            return !s.endsWith("d") && !s.endsWith("f") && !s.endsWith("D") && !s.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

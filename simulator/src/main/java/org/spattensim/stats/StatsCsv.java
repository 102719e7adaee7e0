package org.spattensim.stats;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/** RFC 4180 quoting and parsing for {@link StatsRegistry} CSV dumps. */
final class StatsCsv {
    private StatsCsv() {
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static List<StatRow> parse(String csv, String source) {
        List<List<String>> records = records(csv, source);
        if (records.isEmpty() || !String.join(",", records.get(0)).equals(StatsRegistry.CSV_HEADER)) {
            throw InvalidInputException.of(source, "line 1", "header is missing or wrong", StatsRegistry.CSV_HEADER);
        }
        List<StatRow> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() != 4) {
                throw InvalidInputException.of(source, "record " + (i + 1), "has " + r.size() + " fields", "4 fields");
            }
            rows.add(new StatRow(r.get(0), parseNumber(r.get(1), source, r.get(0)), r.get(2), r.get(3)));
        }
        return rows;
    }

    private static Number parseNumber(String s, String source, String name) {
        try {
            if (s.matches("-?[0-9]+")) {
                return Long.parseLong(s);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(source, name, "value '" + s + "' is not a number", "an integer or a decimal");
        }
    }

    private static List<List<String>> records(String csv, String source) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = csv.length();
        for (int i = 0; i < n; i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cur.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    cur.add(field.toString());
                    out.add(cur);
                }
                cur = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw InvalidInputException.of(source, "end of file", "unterminated quoted field", "a closing '\"'");
        }
        if (any || field.length() > 0) {
            cur.add(field.toString());
            out.add(cur);
        }
        return out;
    }
}

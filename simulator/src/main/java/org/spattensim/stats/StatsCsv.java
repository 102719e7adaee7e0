package org.spattensim.stats;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.Csv;
import org.spattensim.common.InvalidInputException;

/** The {@link StatsRegistry} CSV dump's records, written and read through {@link Csv}. */
final class StatsCsv {
    private StatsCsv() {
    }

    /** One record: name, value (already formatted), unit, description. */
    static String row(String name, String value, String unit, String description) {
        return Csv.row(List.of(name, value, unit, description));
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
        return Csv.parse(csv, source);
    }
}

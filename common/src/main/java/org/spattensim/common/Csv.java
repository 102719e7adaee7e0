package org.spattensim.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV through Jackson for the files that are not report tables (statistics dumps, exploration fronts): a
 * field is quoted only when it holds a comma, a quote or a line break, so plain files stay plain and byte-stable.
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\n");

    private Csv() {}

    /** One record, fields quoted where needed, ending in a line feed. */
    public static String row(List<String> fields) {
        try {
            return MAPPER.writer(SCHEMA).writeValueAsString(List.of(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a CSV record", e);
        }
    }

    /** Every record of {@code text}; a malformed file is refused naming {@code source}. */
    public static List<List<String>> parse(String text, String source) {
        try (var it = MAPPER.readerForListOf(String.class).with(CsvSchema.emptySchema())
                .<List<String>>readValues(text)) {
            List<List<String>> out = new ArrayList<>();
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidInputException(source + ": not valid CSV: " + e.getMessage(), e);
        }
    }
}

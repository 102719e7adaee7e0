package org.spattensim.trace.spatten;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.spattensim.common.InvalidInputException;

/**
 * Reads SpAtten's released workload CSV format (docs/reference/spatten-facts.md §8.1) into a {@link SpattenWorkload}.
 *
 * <p>Format: a header line naming exactly the 17 {@link SpattenColumn}s in order; one row per
 * (iteration, layer, head) task; booleans written {@code True}/{@code False}; the head dimension may
 * be written as {@code 64.0}; optionally a last "config-name" row whose first field is the SpAtten
 * experiment configuration path and whose other 16 fields are empty. That row is kept as
 * {@link SpattenProvenance#configName()}, not as data. Blank lines are allowed only at the end.
 *
 * <p>Every malformed row throws {@link InvalidInputException} naming the source, the line, the column
 * and what was expected. Lines are read one at a time (capped at {@link #MAX_LINE_CHARS}), so a binary
 * file or a file without newlines cannot exhaust the heap.
 */
public final class SpattenCsvReader {
    /** Longest line accepted; the released rows are under 100 characters, the config row under 200. */
    public static final int MAX_LINE_CHARS = 4096;

    private SpattenCsvReader() {
    }

    /** Reads a CSV file. */
    public static SpattenWorkload read(Path file) {
        org.spattensim.common.InputFiles.requireRegular(file, "a SpAtten workload CSV");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw InvalidInputException.of(file.toString(), null, "no such file", "a SpAtten workload CSV");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads CSV text from a stream (not closed here); {@code source} names it in errors and in the
     * provenance. The provenance records the SHA-256 of the bytes read.
     */
    public static SpattenWorkload read(InputStream in, String source) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        try {
            DigestInputStream din = new DigestInputStream(in, sha);
            Parser p = new Parser(din, source);
            SpattenWorkload.Builder rows = p.parse();
            din.transferTo(OutputStreamSink.INSTANCE);
            SpattenProvenance prov = new SpattenProvenance(source, HexFormat.of().formatHex(sha.digest()),
                    p.configName, "");
            return rows.build(prov);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Line-by-line parser with a line-length cap and 1-based line numbers. */
    private static final class Parser {
        private final InputStream in;
        private final String source;
        private final byte[] buf = new byte[8192];
        private int bufPos;
        private int bufLen;
        private boolean eof;
        private int lineNo;
        private String configName = "";
        private int configLine;
        private int blankLine;

        Parser(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        SpattenWorkload.Builder parse() throws IOException {
            SpattenWorkload.Builder b = new SpattenWorkload.Builder(new SpattenProvenance(source, "", "", ""));
            String header = nextLine();
            if (header == null) {
                throw InvalidInputException.of(source, "line 1", "the file is empty",
                        "the header " + SpattenColumn.csvHeader());
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            checkHeader(header);
            Map<Long, Integer> seen = new HashMap<>();
            String line;
            while ((line = nextLine()) != null) {
                if (line.isEmpty()) {
                    if (blankLine == 0) {
                        blankLine = lineNo;
                    }
                    continue;
                }
                if (blankLine != 0) {
                    throw at(blankLine, null, "blank line inside the data", "blank lines only at the end of the file");
                }
                if (configLine != 0) {
                    throw at(lineNo, null, "data after the trailing config-name row of line " + configLine,
                            "the config-name row to be the last line");
                }
                String[] f = line.split(",", -1);
                if (f.length != SpattenColumn.count()) {
                    throw at(lineNo, null, f.length + " comma-separated fields",
                            SpattenColumn.count() + " fields (" + SpattenColumn.csvHeader() + ")");
                }
                if (isConfigRow(f)) {
                    configName = f[0];
                    configLine = lineNo;
                    continue;
                }
                SpattenTask t = parseRow(f);
                long key = ((long) t.iteration() << 42) ^ ((long) t.layer() << 21) ^ t.head();
                Integer prev = seen.putIfAbsent(key, lineNo);
                if (prev != null) {
                    throw at(lineNo, null, "duplicate task (iteration " + t.iteration() + ", layer " + t.layer()
                            + ", head " + t.head() + "), first on line " + prev, "one row per (iteration, layer, head)");
                }
                b.add(t);
            }
            if (b.size() == 0) {
                throw InvalidInputException.of(source, null, "no data rows",
                        "at least one task row after the header");
            }
            return b;
        }

        private void checkHeader(String header) {
            String[] f = header.split(",", -1);
            for (int c = 0; c < SpattenColumn.count(); c++) {
                String want = SpattenColumn.at(c).csvName();
                String got = c < f.length ? f[c].trim() : "(missing)";
                if (!want.equals(got)) {
                    throw at(1, "header column " + (c + 1), "'" + got + "'",
                            "'" + want + "' (header: " + SpattenColumn.csvHeader() + ")");
                }
            }
            if (f.length != SpattenColumn.count()) {
                throw at(1, "header", f.length + " columns", SpattenColumn.count() + " columns");
            }
        }

        /** The released trailing row: a non-numeric first field and 16 empty fields. */
        private static boolean isConfigRow(String[] f) {
            if (f[0].isBlank() || looksNumeric(f[0])) {
                return false;
            }
            for (int c = 1; c < f.length; c++) {
                if (!f[c].isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        private static boolean looksNumeric(String s) {
            char ch = s.trim().isEmpty() ? 'x' : s.trim().charAt(0);
            return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.';
        }

        private SpattenTask parseRow(String[] f) {
            int[] v = new int[SpattenColumn.count()];
            double thres = 0;
            for (SpattenColumn c : SpattenColumn.values()) {
                String s = f[c.ordinal()].trim();
                switch (c.kind()) {
                    case INT -> v[c.ordinal()] = parseInt(s, c);
                    case BOOL -> v[c.ordinal()] = parseBool(s, c) ? 1 : 0;
                    case REAL -> thres = parseReal(s, c);
                    default -> throw new IllegalStateException();
                }
            }
            try {
                return new SpattenTask(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], thres, v[9] == 1, v[10], v[11],
                        v[12], v[13] == 1, v[14] == 1, v[15] == 1, v[16]);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(source + ": line " + lineNo + ", " + e.getMessage(), e);
            }
        }

        private int parseInt(String s, SpattenColumn c) {
            if (s.isEmpty()) {
                throw at(lineNo, col(c), "empty", "an integer");
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                double d;
                try {
                    d = Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    throw at(lineNo, col(c), "'" + s + "' is not a number", "an integer");
                }
                // The released files write the head dimension as a float ("64.0").
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE || Double.isNaN(d)) {
                    throw at(lineNo, col(c), "'" + s + "' is not an integer", "an integer such as 64 or 64.0");
                }
                return (int) d;
            }
        }

        private boolean parseBool(String s, SpattenColumn c) {
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
            throw at(lineNo, col(c), "unknown boolean '" + s + "'", "True or False");
        }

        private double parseReal(String s, SpattenColumn c) {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw at(lineNo, col(c), "'" + s + "' is not a number", "a real number such as 0.05, or -1");
            }
            if (!Double.isFinite(d)) {
                throw at(lineNo, col(c), "'" + s + "' is not finite", "a finite real number");
            }
            return d;
        }

        private static String col(SpattenColumn c) {
            return "column " + c.csvName() + " (" + c.position() + ")";
        }

        private InvalidInputException at(int line, String column, String problem, String expected) {
            return InvalidInputException.of(source, "line " + line + (column == null ? "" : ", " + column),
                    problem, expected);
        }

        /** Next line without its terminator ({@code \n} or {@code \r\n}); null at end of input. */
        private String nextLine() throws IOException {
            if (eof && bufPos >= bufLen) {
                return null;
            }
            StringBuilder sb = new StringBuilder(128);
            ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128);
            boolean any = false;
            while (true) {
                if (bufPos >= bufLen) {
                    bufLen = in.read(buf);
                    bufPos = 0;
                    if (bufLen <= 0) {
                        eof = true;
                        bufLen = 0;
                        break;
                    }
                }
                byte ch = buf[bufPos++];
                any = true;
                if (ch == '\n') {
                    break;
                }
                bytes.write(ch);
                if (bytes.size() > MAX_LINE_CHARS) {
                    throw at(lineNo + 1, null, "line longer than " + MAX_LINE_CHARS + " bytes",
                            "a text CSV (is this a binary file?)");
                }
            }
            if (!any) {
                return null;
            }
            lineNo++;
            sb.append(bytes.toString(StandardCharsets.UTF_8));
            int n = sb.length();
            if (n > 0 && sb.charAt(n - 1) == '\r') {
                sb.setLength(n - 1);
            }
            return sb.toString();
        }
    }

    /** Discards bytes (drains the rest of the stream so the digest covers the whole input). */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}

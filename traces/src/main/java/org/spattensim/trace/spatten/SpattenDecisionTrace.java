package org.spattensim.trace.spatten;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.safetensors.DType;
import org.spattensim.trace.safetensors.SafetensorsFile;
import org.spattensim.trace.safetensors.SafetensorsWriter;
import org.spattensim.trace.safetensors.TensorInfo;

/**
 * Stores a {@link SpattenWorkload} in the trace container (safetensors, docs/spatten-workloads.md):
 * one 1-D tensor of N rows per CSV column, named as the column ({@code I32} for integer columns,
 * {@code BOOL} for the flags, {@code F64} for {@code auto_requant_thres}); {@code __metadata__}
 * entries under {@value #PREFIX} (JSON values) give the kind, the schema version and the provenance.
 * numpy users read it with {@code safetensors.numpy.load_file}.
 */
public final class SpattenDecisionTrace {
    public static final String PREFIX = "spatten_decisions.";
    public static final String KEY_KIND = PREFIX + "kind";
    public static final String KEY_SCHEMA_VERSION = PREFIX + "schema_version";
    public static final String KEY_SOURCE = PREFIX + "source";
    public static final String KEY_SHA256 = PREFIX + "sha256";
    public static final String KEY_CONFIG_NAME = PREFIX + "config_name";
    public static final String KEY_ORIGIN = PREFIX + "origin";
    /** Value of {@link #KEY_KIND}. */
    public static final String KIND = "spatten-decisions";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpattenDecisionTrace() {
    }

    /** Writes {@code w} to {@code path} (atomically: the file appears complete or not at all). */
    public static void write(Path path, SpattenWorkload w) {
        int n = w.size();
        SafetensorsWriter.Builder b = SafetensorsWriter.builder()
                .metadata(KEY_KIND, json(KIND))
                .metadata(KEY_SCHEMA_VERSION, Integer.toString(VERSION))
                .metadata(KEY_SOURCE, json(w.provenance().source()))
                .metadata(KEY_SHA256, json(w.provenance().sha256()))
                .metadata(KEY_CONFIG_NAME, json(w.provenance().configName()))
                .metadata(KEY_ORIGIN, json(w.provenance().origin()));
        for (SpattenColumn c : SpattenColumn.values()) {
            b.tensor(c.csvName(), dtype(c), n);
        }
        SafetensorsWriter out = b.open(path);
        boolean ok = false;
        try {
            for (SpattenColumn c : SpattenColumn.values()) {
                switch (c.kind()) {
                    case INT -> out.writeInts(c.csvName(), w.intColumn(c));
                    case BOOL -> {
                        int[] v = w.intColumn(c);
                        boolean[] flags = new boolean[n];
                        for (int i = 0; i < n; i++) {
                            flags[i] = v[i] != 0;
                        }
                        out.writeBooleans(c.csvName(), flags);
                    }
                    case REAL -> out.writeDoubles(c.csvName(), w.realColumn());
                    default -> throw new IllegalStateException();
                }
            }
            ok = true;
        } finally {
            if (ok) {
                out.close();
            } else {
                out.abort();
            }
        }
    }

    /** True if the container's metadata says it is a SpAtten decision trace. */
    public static boolean isDecisionTrace(SafetensorsFile f) {
        String kind = f.metadata().get(KEY_KIND);
        return kind != null && kind.equals(json(KIND));
    }

    /**
     * Reads a decision trace; {@link InvalidInputException} naming the file, the tensor or key and what
     * was expected if it is not one or is inconsistent. Every row is validated as a {@link SpattenTask}.
     */
    public static SpattenWorkload read(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            return read(f);
        }
    }

    /** Reads a decision trace from an open container (not closed here). */
    public static SpattenWorkload read(SafetensorsFile f) {
        String src = f.path().toString();
        Map<String, String> meta = f.metadata();
        if (!isDecisionTrace(f)) {
            throw InvalidInputException.of(src, KEY_KIND, meta.containsKey(KEY_KIND) ? "is " + meta.get(KEY_KIND)
                    : "missing", "\"" + KIND + "\" (a trace written by import-spatten)");
        }
        String version = meta.get(KEY_SCHEMA_VERSION);
        if (!Integer.toString(VERSION).equals(version)) {
            throw InvalidInputException.of(src, KEY_SCHEMA_VERSION, "unsupported version " + version,
                    "version " + VERSION);
        }
        long rows = -1;
        for (SpattenColumn c : SpattenColumn.values()) {
            String name = c.csvName();
            if (!f.has(name)) {
                throw InvalidInputException.of(src, "tensor '" + name + "'", "missing",
                        "a " + dtype(c) + " [rows] tensor per SpAtten column");
            }
            TensorInfo t = f.tensor(name);
            if (t.dtype() != dtype(c) || t.rank() != 1) {
                throw InvalidInputException.of(src, "tensor '" + name + "'", t.dtype() + " " + t.shapeString(),
                        dtype(c) + " [rows]");
            }
            if (rows < 0) {
                rows = t.dim(0);
            } else if (t.dim(0) != rows) {
                throw InvalidInputException.of(src, "tensor '" + name + "'", t.dim(0) + " rows",
                        rows + " rows like '" + SpattenColumn.at(0).csvName() + "'");
            }
        }
        if (rows > Integer.MAX_VALUE - 16) {
            throw InvalidInputException.of(src, "tensor '" + SpattenColumn.at(0).csvName() + "'", rows + " rows",
                    "fewer than 2^31");
        }
        for (String name : f.tensors().keySet()) {
            if (Arrays.stream(SpattenColumn.values()).noneMatch(c -> c.csvName().equals(name))) {
                throw InvalidInputException.of(src, "tensor '" + name + "'", "unexpected",
                        "only the 17 SpAtten columns " + SpattenColumn.csvHeader());
            }
        }
        int[][] ints = new int[SpattenColumn.count()][];
        double[] thresholds = null;
        for (SpattenColumn c : SpattenColumn.values()) {
            if (c.kind() == SpattenColumn.Kind.REAL) {
                thresholds = f.readDoubles(c.csvName());
            } else {
                ints[c.ordinal()] = f.readInts(c.csvName());
            }
        }
        SpattenProvenance prov = new SpattenProvenance(text(meta, KEY_SOURCE, src), text(meta, KEY_SHA256, src),
                text(meta, KEY_CONFIG_NAME, src), text(meta, KEY_ORIGIN, src));
        SpattenWorkload w = SpattenWorkload.fromColumns(new SpattenProvenance(src, "", "", ""), ints, thresholds);
        return w.withProvenance(prov);
    }

    private static DType dtype(SpattenColumn c) {
        return switch (c.kind()) {
            case INT -> DType.I32;
            case BOOL -> DType.BOOL;
            case REAL -> DType.F64;
        };
    }

    private static String text(Map<String, String> meta, String key, String src) {
        String raw = meta.get(key);
        if (raw == null) {
            throw InvalidInputException.of(src, "__metadata__", "missing key '" + key + "'", "a JSON string");
        }
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isTextual()) {
                throw InvalidInputException.of(src, key, "value '" + raw + "'", "a JSON string (in quotes)");
            }
            return n.textValue();
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of(src, key, "value '" + raw + "' is not valid JSON", "a JSON string");
        }
    }

    private static String json(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

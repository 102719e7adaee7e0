package org.spattensim.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.common.InvalidInputException;

/** Encodes {@link TraceMetadata} into safetensors {@code __metadata__} strings and back (schema v1). */
final class TraceMetadataCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of(TraceSchema.KEY_SCHEMA_VERSION, TraceSchema.KEY_MODEL,
            TraceSchema.KEY_LAYERS, TraceSchema.KEY_QUERY_HEADS, TraceSchema.KEY_KV_HEADS, TraceSchema.KEY_HEAD_DIM,
            TraceSchema.KEY_MODE, TraceSchema.KEY_DTYPE, TraceSchema.KEY_SEQUENCE_LENGTH,
            TraceSchema.KEY_PROMPT_LENGTH, TraceSchema.KEY_PROMPT, TraceSchema.KEY_SOURCE, TraceSchema.KEY_HAS_QKV,
            TraceSchema.KEY_HAS_PROBABILITIES);

    private TraceMetadataCodec() {
    }

    /** The {@code __metadata__} entries of {@code m}; each value is a JSON document. Tokens go in a tensor. */
    static Map<String, String> encode(TraceMetadata m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(TraceSchema.KEY_SCHEMA_VERSION, Integer.toString(m.schemaVersion()));
        out.put(TraceSchema.KEY_MODEL, json(m.modelName()));
        out.put(TraceSchema.KEY_LAYERS, Integer.toString(m.layers()));
        out.put(TraceSchema.KEY_QUERY_HEADS, Integer.toString(m.queryHeads()));
        out.put(TraceSchema.KEY_KV_HEADS, Integer.toString(m.kvHeads()));
        out.put(TraceSchema.KEY_HEAD_DIM, Integer.toString(m.headDim()));
        out.put(TraceSchema.KEY_MODE, json(m.mode().fileName()));
        out.put(TraceSchema.KEY_DTYPE, json(m.dtype().name()));
        out.put(TraceSchema.KEY_SEQUENCE_LENGTH, Integer.toString(m.sequenceLength()));
        out.put(TraceSchema.KEY_PROMPT_LENGTH, Integer.toString(m.promptLength()));
        out.put(TraceSchema.KEY_PROMPT, json(m.prompt()));
        out.put(TraceSchema.KEY_SOURCE, json(m.source()));
        out.put(TraceSchema.KEY_HAS_QKV, Boolean.toString(m.hasQkv()));
        out.put(TraceSchema.KEY_HAS_PROBABILITIES, Boolean.toString(m.hasProbabilities()));
        if (!m.extras().isEmpty()) {
            out.put(TraceSchema.KEY_EXTRAS, json(m.extras()));
        }
        return out;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode trace metadata", e);
        }
    }

    /**
     * Decodes the metadata of {@code file}; token ids come from the tokens tensor (empty if none).
     * Errors name the file and the metadata key.
     */
    static TraceMetadata decode(Map<String, String> meta, int[] tokenIds, String file) {
        String version = meta.get(TraceSchema.KEY_SCHEMA_VERSION);
        if (version == null) {
            throw InvalidInputException.of(file, "__metadata__", "missing key '" + TraceSchema.KEY_SCHEMA_VERSION
                    + "' (not a spatten trace?)", "a spatten trace, schema version " + TraceSchema.VERSION);
        }
        int v = intValue(meta, TraceSchema.KEY_SCHEMA_VERSION, file);
        if (v != TraceSchema.VERSION) {
            throw InvalidInputException.of(file, TraceSchema.KEY_SCHEMA_VERSION, "unsupported schema version " + v,
                    "version " + TraceSchema.VERSION);
        }
        for (String k : REQUIRED) {
            if (!meta.containsKey(k)) {
                throw InvalidInputException.of(file, "__metadata__", "missing key '" + k + "'",
                        "every schema v" + TraceSchema.VERSION + " key (docs/trace-format.md)");
            }
        }
        for (String k : meta.keySet()) {
            if (k.startsWith(TraceSchema.PREFIX) && !REQUIRED.contains(k) && !k.equals(TraceSchema.KEY_EXTRAS)) {
                throw InvalidInputException.of(file, "__metadata__", "unknown key '" + k + "'",
                        "only schema v" + TraceSchema.VERSION + " keys under '" + TraceSchema.PREFIX + "'");
            }
        }
        String modeName = textValue(meta, TraceSchema.KEY_MODE, file);
        TraceMode mode = TraceMode.fromFileName(modeName);
        if (mode == null) {
            throw InvalidInputException.of(file, TraceSchema.KEY_MODE, "'" + modeName + "'", "\"prefill\" or \"decode\"");
        }
        String dtypeName = textValue(meta, TraceSchema.KEY_DTYPE, file);
        TraceDType dtype = TraceDType.fromFileName(dtypeName);
        if (dtype == null) {
            throw InvalidInputException.of(file, TraceSchema.KEY_DTYPE, "'" + dtypeName + "'", "\"F32\", \"F16\" or \"BF16\"");
        }
        Map<String, String> extras = new TreeMap<>();
        if (meta.containsKey(TraceSchema.KEY_EXTRAS)) {
            JsonNode n = parse(meta, TraceSchema.KEY_EXTRAS, file);
            if (!n.isObject()) {
                throw InvalidInputException.of(file, TraceSchema.KEY_EXTRAS, "is " + n, "a JSON object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw InvalidInputException.of(file, TraceSchema.KEY_EXTRAS + "." + e.getKey(), "is " + e.getValue(),
                            "a string");
                }
                extras.put(e.getKey(), e.getValue().textValue());
            }
        }
        try {
            return new TraceMetadata(v, textValue(meta, TraceSchema.KEY_MODEL, file),
                    intValue(meta, TraceSchema.KEY_LAYERS, file), intValue(meta, TraceSchema.KEY_QUERY_HEADS, file),
                    intValue(meta, TraceSchema.KEY_KV_HEADS, file), intValue(meta, TraceSchema.KEY_HEAD_DIM, file),
                    mode, dtype, intValue(meta, TraceSchema.KEY_SEQUENCE_LENGTH, file),
                    intValue(meta, TraceSchema.KEY_PROMPT_LENGTH, file), tokenIds,
                    textValue(meta, TraceSchema.KEY_PROMPT, file), textValue(meta, TraceSchema.KEY_SOURCE, file),
                    boolValue(meta, TraceSchema.KEY_HAS_QKV, file), boolValue(meta, TraceSchema.KEY_HAS_PROBABILITIES, file),
                    extras);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Map<String, String> meta, String key, String file) {
        try {
            JsonNode n = JSON.readTree(meta.get(key));
            if (n == null || n.isMissingNode()) {
                throw InvalidInputException.of(file, key, "value is empty", "a JSON value");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of(file, key, "value '" + meta.get(key) + "' is not valid JSON",
                    "a JSON-encoded value (docs/trace-format.md)");
        }
    }

    private static int intValue(Map<String, String> meta, String key, String file) {
        JsonNode n = parse(meta, key, file);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw InvalidInputException.of(file, key, "value '" + meta.get(key) + "'", "a JSON integer");
        }
        return n.intValue();
    }

    private static String textValue(Map<String, String> meta, String key, String file) {
        JsonNode n = parse(meta, key, file);
        if (!n.isTextual()) {
            throw InvalidInputException.of(file, key, "value '" + meta.get(key) + "'", "a JSON string (in quotes)");
        }
        return n.textValue();
    }

    private static boolean boolValue(Map<String, String> meta, String key, String file) {
        JsonNode n = parse(meta, key, file);
        if (!n.isBoolean()) {
            throw InvalidInputException.of(file, key, "value '" + meta.get(key) + "'", "true or false");
        }
        return n.booleanValue();
    }
}

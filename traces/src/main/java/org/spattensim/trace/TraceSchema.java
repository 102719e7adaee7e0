package org.spattensim.trace;

/**
 * Names used in a trace file (schema v1, see docs/trace-format.md): tensor names and the
 * {@code __metadata__} keys. Every metadata value is a JSON document encoded as a string.
 */
public final class TraceSchema {
    private TraceSchema() {
    }

    /** The schema version this code reads and writes. */
    public static final int VERSION = 1;

    /** Prefix of every metadata key the schema owns. */
    public static final String PREFIX = "spatten_trace.";

    public static final String KEY_SCHEMA_VERSION = PREFIX + "schema_version";
    public static final String KEY_MODEL = PREFIX + "model";
    public static final String KEY_LAYERS = PREFIX + "layers";
    public static final String KEY_QUERY_HEADS = PREFIX + "query_heads";
    public static final String KEY_KV_HEADS = PREFIX + "kv_heads";
    public static final String KEY_HEAD_DIM = PREFIX + "head_dim";
    public static final String KEY_MODE = PREFIX + "mode";
    public static final String KEY_DTYPE = PREFIX + "dtype";
    public static final String KEY_SEQUENCE_LENGTH = PREFIX + "sequence_length";
    public static final String KEY_PROMPT_LENGTH = PREFIX + "prompt_length";
    public static final String KEY_PROMPT = PREFIX + "prompt";
    public static final String KEY_SOURCE = PREFIX + "source";
    public static final String KEY_HAS_QKV = PREFIX + "has_qkv";
    public static final String KEY_HAS_PROBABILITIES = PREFIX + "has_probabilities";
    /** Optional: JSON object of free-form string entries. */
    public static final String KEY_EXTRAS = PREFIX + "extras";

    /** Token ids, I32 [T]; present when the token ids are known. */
    public static final String TOKENS = "tokens";

    /** Q of a layer: [T, queryHeads, headDim]. */
    public static String q(int layer) {
        return "layer." + layer + ".q";
    }

    /** K of a layer: [T, kvHeads, headDim]. */
    public static String k(int layer) {
        return "layer." + layer + ".k";
    }

    /** V of a layer: [T, kvHeads, headDim]. */
    public static String v(int layer) {
        return "layer." + layer + ".v";
    }

    /** Attention probabilities of a layer: [queryRows, queryHeads, T]. */
    public static String probs(int layer) {
        return "layer." + layer + ".probs";
    }
}

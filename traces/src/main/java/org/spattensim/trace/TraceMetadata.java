package org.spattensim.trace;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.spattensim.common.InvalidInputException;

/**
 * What a trace holds and where it came from (schema v1, docs/trace-format.md). Validated on
 * construction: an impossible value throws {@link InvalidInputException} naming the field.
 *
 * @param schemaVersion    {@link TraceSchema#VERSION}
 * @param modelName        e.g. {@code "stories260K"}
 * @param layers           number of transformer layers recorded (layer tensors 0..layers-1)
 * @param queryHeads       query heads per layer (Hq)
 * @param kvHeads          key/value heads per layer (Hkv; Hq is a multiple of it, grouped-query)
 * @param headDim          head dimension D
 * @param mode             prefill or decode
 * @param dtype            storage type of Q/K/V/probabilities
 * @param sequenceLength   T: positions whose Q/K/V are recorded
 * @param promptLength     P: the first P positions are the prompt; decode steps are positions P..T-1;
 *                         a prefill trace has P = T
 * @param tokenIds         input token id of each position (length T), or empty if unknown
 * @param prompt           prompt text (may be empty)
 * @param source           provenance: what produced the trace (tool, model checkpoint, settings)
 * @param hasQkv           whether layer.{l}.q/k/v are present
 * @param hasProbabilities whether layer.{l}.probs are present
 * @param extras           free-form string entries (kept sorted by key)
 */
public record TraceMetadata(int schemaVersion, String modelName, int layers, int queryHeads, int kvHeads,
                            int headDim, TraceMode mode, TraceDType dtype, int sequenceLength, int promptLength,
                            int[] tokenIds, String prompt, String source, boolean hasQkv, boolean hasProbabilities,
                            Map<String, String> extras) {

    private static final String SRC = "trace metadata";

    public TraceMetadata {
        if (schemaVersion != TraceSchema.VERSION) {
            throw InvalidInputException.of(SRC, "schema_version", "unsupported schema version " + schemaVersion,
                    "version " + TraceSchema.VERSION);
        }
        requireText(modelName, "model", false);
        requirePositive(layers, "layers");
        requirePositive(queryHeads, "query_heads");
        requirePositive(kvHeads, "kv_heads");
        if (queryHeads % kvHeads != 0) {
            throw InvalidInputException.of(SRC, "kv_heads", kvHeads + " does not divide query_heads " + queryHeads,
                    "a divisor of query_heads (grouped-query attention)");
        }
        requirePositive(headDim, "head_dim");
        if (mode == null) {
            throw InvalidInputException.of(SRC, "mode", "missing", "prefill or decode");
        }
        if (dtype == null) {
            throw InvalidInputException.of(SRC, "dtype", "missing", "F32, F16 or BF16");
        }
        requirePositive(sequenceLength, "sequence_length");
        if (mode == TraceMode.PREFILL && promptLength != sequenceLength) {
            throw InvalidInputException.of(SRC, "prompt_length", promptLength + " in a prefill trace of "
                    + sequenceLength + " positions", "prompt_length = sequence_length (" + sequenceLength + ")");
        }
        if (mode == TraceMode.DECODE && (promptLength < 0 || promptLength >= sequenceLength)) {
            throw InvalidInputException.of(SRC, "prompt_length", promptLength + " in a decode trace of "
                    + sequenceLength + " positions", "0 <= prompt_length < sequence_length (at least one step)");
        }
        tokenIds = tokenIds == null ? new int[0] : tokenIds.clone();
        if (tokenIds.length != 0 && tokenIds.length != sequenceLength) {
            throw InvalidInputException.of(SRC, "tokens", tokenIds.length + " token ids",
                    "none or sequence_length = " + sequenceLength);
        }
        for (int i = 0; i < tokenIds.length; i++) {
            if (tokenIds[i] < 0) {
                throw InvalidInputException.of(SRC, "tokens", "token id " + tokenIds[i] + " at position " + i,
                        "non-negative ids");
            }
        }
        requireText(prompt, "prompt", true);
        requireText(source, "source", true);
        if (!hasQkv && !hasProbabilities) {
            throw InvalidInputException.of(SRC, "has_qkv/has_probabilities", "both false",
                    "Q/K/V, probabilities or both");
        }
        TreeMap<String, String> ex = new TreeMap<>();
        if (extras != null) {
            for (Map.Entry<String, String> e : extras.entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                    throw InvalidInputException.of(SRC, "extras", "entry " + e.getKey() + "=" + e.getValue(),
                            "non-empty keys and non-null string values");
                }
                ex.put(e.getKey(), e.getValue());
            }
        }
        extras = Collections.unmodifiableMap(ex);
        long rows = (long) (mode == TraceMode.PREFILL ? sequenceLength : sequenceLength - promptLength);
        if (hasProbabilities && rows * queryHeads * sequenceLength > Long.MAX_VALUE / 8) {
            throw InvalidInputException.of(SRC, "sequence_length", sequenceLength + " is too long for probabilities",
                    "a probability tensor that fits a file");
        }
    }

    private static void requirePositive(int v, String field) {
        if (v <= 0) {
            throw InvalidInputException.of(SRC, field, "is " + v, "a positive integer");
        }
    }

    private static void requireText(String s, String field, boolean emptyOk) {
        if (s == null || (!emptyOk && s.isEmpty())) {
            throw InvalidInputException.of(SRC, field, s == null ? "missing" : "empty", "a non-empty string");
        }
    }

    /** A copy of the token ids (length T, or 0 if unknown). */
    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** Token id at {@code position}; the trace must have token ids. */
    public int tokenId(int position) {
        return tokenIds[position];
    }

    public boolean hasTokenIds() {
        return tokenIds.length > 0;
    }

    /** Query heads that share one KV head (Hq / Hkv). */
    public int groupSize() {
        return queryHeads / kvHeads;
    }

    /** Decode steps (T - P); 0 for a prefill trace. */
    public int steps() {
        return mode == TraceMode.DECODE ? sequenceLength - promptLength : 0;
    }

    /** Rows of the probability tensors: T for prefill, T - P for decode. */
    public int queryRows() {
        return mode == TraceMode.PREFILL ? sequenceLength : sequenceLength - promptLength;
    }

    /** Position of the first probability row: 0 for prefill, P for decode. */
    public int firstQueryPosition() {
        return mode == TraceMode.PREFILL ? 0 : promptLength;
    }

    /** Sequence position whose query produced probability row {@code row}. */
    public int queryPosition(int row) {
        return firstQueryPosition() + row;
    }

    /** Shape of layer.{l}.q: [T, Hq, D]. */
    public long[] qShape() {
        return new long[] {sequenceLength, queryHeads, headDim};
    }

    /** Shape of layer.{l}.k and layer.{l}.v: [T, Hkv, D]. */
    public long[] kvShape() {
        return new long[] {sequenceLength, kvHeads, headDim};
    }

    /** Shape of layer.{l}.probs: [queryRows, Hq, T]. */
    public long[] probsShape() {
        return new long[] {queryRows(), queryHeads, sequenceLength};
    }

    /** A copy with other extras. */
    public TraceMetadata withExtras(Map<String, String> newExtras) {
        return new TraceMetadata(schemaVersion, modelName, layers, queryHeads, kvHeads, headDim, mode, dtype,
                sequenceLength, promptLength, tokenIds, prompt, source, hasQkv, hasProbabilities, newExtras);
    }

    /** A copy with other token ids. */
    public TraceMetadata withTokenIds(int[] ids) {
        return new TraceMetadata(schemaVersion, modelName, layers, queryHeads, kvHeads, headDim, mode, dtype,
                sequenceLength, promptLength, ids, prompt, source, hasQkv, hasProbabilities, extras);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TraceMetadata)) {
            return false;
        }
        TraceMetadata m = (TraceMetadata) o;
        return schemaVersion == m.schemaVersion && modelName.equals(m.modelName) && layers == m.layers
                && queryHeads == m.queryHeads && kvHeads == m.kvHeads && headDim == m.headDim && mode == m.mode
                && dtype == m.dtype && sequenceLength == m.sequenceLength && promptLength == m.promptLength
                && Arrays.equals(tokenIds, m.tokenIds) && prompt.equals(m.prompt) && source.equals(m.source)
                && hasQkv == m.hasQkv && hasProbabilities == m.hasProbabilities && extras.equals(m.extras);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(modelName, layers, queryHeads, kvHeads, headDim, mode, dtype, sequenceLength,
                promptLength, Arrays.hashCode(tokenIds), prompt, source, hasQkv, hasProbabilities, extras);
    }

    @Override
    public String toString() {
        return "TraceMetadata[v" + schemaVersion + " " + modelName + " " + mode.fileName() + " " + dtype
                + " layers=" + layers + " Hq=" + queryHeads + " Hkv=" + kvHeads + " D=" + headDim
                + " T=" + sequenceLength + " P=" + promptLength + " tokens=" + tokenIds.length
                + " qkv=" + hasQkv + " probs=" + hasProbabilities + " source=" + source + " extras=" + extras + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction; defaults: F32, prefill, Q/K/V on, probabilities off, empty prompt/source. */
    public static final class Builder {
        private String modelName;
        private int layers;
        private int queryHeads;
        private int kvHeads;
        private int headDim;
        private TraceMode mode = TraceMode.PREFILL;
        private TraceDType dtype = TraceDType.F32;
        private int sequenceLength;
        private int promptLength = -1;
        private int[] tokenIds = new int[0];
        private String prompt = "";
        private String source = "";
        private boolean hasQkv = true;
        private boolean hasProbabilities;
        private Map<String, String> extras = Map.of();

        private Builder() {
        }

        public Builder model(String name) {
            this.modelName = name;
            return this;
        }

        /** Layers, query heads, KV heads and head dimension at once. */
        public Builder shape(int layers, int queryHeads, int kvHeads, int headDim) {
            this.layers = layers;
            this.queryHeads = queryHeads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            return this;
        }

        /** A prefill trace of {@code sequenceLength} positions (prompt length = T). */
        public Builder prefill(int sequenceLength) {
            this.mode = TraceMode.PREFILL;
            this.sequenceLength = sequenceLength;
            this.promptLength = sequenceLength;
            return this;
        }

        /** A decode trace: {@code promptLength} prompt positions, then {@code steps} generated ones. */
        public Builder decode(int promptLength, int steps) {
            this.mode = TraceMode.DECODE;
            this.promptLength = promptLength;
            this.sequenceLength = promptLength + steps;
            return this;
        }

        public Builder dtype(TraceDType dtype) {
            this.dtype = dtype;
            return this;
        }

        public Builder tokenIds(int[] ids) {
            this.tokenIds = ids;
            return this;
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder qkv(boolean present) {
            this.hasQkv = present;
            return this;
        }

        public Builder probabilities(boolean present) {
            this.hasProbabilities = present;
            return this;
        }

        public Builder extras(Map<String, String> extras) {
            this.extras = extras;
            return this;
        }

        public TraceMetadata build() {
            return new TraceMetadata(TraceSchema.VERSION, modelName, layers, queryHeads, kvHeads, headDim, mode,
                    dtype, sequenceLength, promptLength, tokenIds, prompt, source, hasQkv, hasProbabilities, extras);
        }
    }
}

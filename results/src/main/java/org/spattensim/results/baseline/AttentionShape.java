package org.spattensim.results.baseline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;

/**
 * The dimensions of one attention workload, as the baselines see it: no projections, no FFN, only
 * {@code softmax(Q K^T / sqrt(d)) V} per layer and query head.
 *
 * <p>PREFILL (the paper's "summarization" stage): {@code queries} queries, the last {@code queries}
 * positions of a {@code contextLength}-token context, attend to all {@code contextLength} keys (with a
 * causal mask when {@code causal}: query at position p sees keys 0..p).
 *
 * <p>DECODE (the "generation" stage): one query per step over {@code queries} steps; the prompt holds
 * {@code promptLength() = contextLength - queries} tokens (possibly none) and step s (0-based) attends to
 * {@code promptLength() + s + 1} keys, its own key included; K/V grow by one row per step.
 *
 * <p>Grouped-query attention: query head h reads K/V head {@code h / (queryHeads / kvHeads)}.
 */
public record AttentionShape(int layers, int queryHeads, int kvHeads, int headDim, int contextLength,
                             int queries, Mode mode, boolean causal) {

    /** Which stage of a transformer the shape describes. */
    public enum Mode { PREFILL, DECODE }

    public AttentionShape {
        positive("layers", layers);
        positive("queryHeads", queryHeads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("contextLength", contextLength);
        positive("queries", queries);
        if (mode == null) {
            throw InvalidInputException.of("attention shape", "mode", "missing", "PREFILL or DECODE");
        }
        if (queryHeads % kvHeads != 0) {
            throw InvalidInputException.of("attention shape", "kvHeads",
                    kvHeads + " does not divide queryHeads " + queryHeads, "a divisor of queryHeads");
        }
        if (queries > contextLength) {
            throw InvalidInputException.of("attention shape", "queries",
                    queries + " > contextLength " + contextLength, "at most contextLength");
        }
        if (mode == Mode.DECODE && !causal) {
            throw InvalidInputException.of("attention shape", "causal", "false for decode",
                    "true: a decode step sees only the keys before it and its own");
        }
        long elements = (long) contextLength * headDim;
        if (elements > Integer.MAX_VALUE / 4) {
            throw InvalidInputException.of("attention shape", "contextLength x headDim",
                    contextLength + " x " + headDim + " is too large for one head's K matrix", "< 2^29 elements");
        }
        if (mode == Mode.PREFILL && (long) queries * contextLength > Integer.MAX_VALUE / 4) {
            throw InvalidInputException.of("attention shape", "queries x contextLength",
                    queries + " x " + contextLength + " is too large for one head's score matrix", "< 2^29 elements");
        }
    }

    /** Self-attention prefill over {@code length} tokens, as many query heads as K/V heads. */
    public static AttentionShape prefill(int layers, int heads, int headDim, int length, boolean causal) {
        return new AttentionShape(layers, heads, heads, headDim, length, length, Mode.PREFILL, causal);
    }

    /** Generation of {@code steps} tokens after a {@code promptLength}-token prompt (always causal). */
    public static AttentionShape decode(int layers, int heads, int headDim, int promptLength, int steps) {
        if (promptLength < 0) {
            throw InvalidInputException.of("attention shape", "promptLength", "got " + promptLength, "0 or more");
        }
        positive("steps", steps);
        return new AttentionShape(layers, heads, heads, headDim, promptLength + steps, steps, Mode.DECODE, true);
    }

    /**
     * The shape of a recorded trace: a prefill trace is causal self-attention over its
     * {@code sequence_length} positions; a decode trace runs {@code sequence_length - prompt_length}
     * steps after its prompt.
     */
    public static AttentionShape of(TraceMetadata m) {
        if (m.mode() == TraceMode.PREFILL) {
            return new AttentionShape(m.layers(), m.queryHeads(), m.kvHeads(), m.headDim(), m.sequenceLength(),
                    m.sequenceLength(), Mode.PREFILL, true);
        }
        return new AttentionShape(m.layers(), m.queryHeads(), m.kvHeads(), m.headDim(), m.sequenceLength(),
                m.steps(), Mode.DECODE, true);
    }

    /** Named shapes of the SpAtten evaluation (GPT-2: 992-token prompt + 32 generated tokens, [KR] section 9). */
    public static final Map<String, String> PRESETS = presets();

    private static Map<String, String> presets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gpt2-small-decode", "decode:12x12x64:1024:32");
        m.put("gpt2-small-prefill", "prefill:12x12x64:992,causal");
        m.put("gpt2-medium-decode", "decode:24x16x64:1024:32");
        m.put("gpt2-medium-prefill", "prefill:24x16x64:992,causal");
        m.put("bert-base-512", "prefill:12x12x64:512");
        m.put("bert-large-512", "prefill:24x16x64:512");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Parses a preset name or {@code <mode>:<layers>x<heads>x<headDim>:<context>[:<queries>][,kv=<kvHeads>][,causal]}:
     * {@code decode:12x12x64:1024:32} is GPT-2 small generating 32 tokens after a 992-token prompt
     * (decode needs the step count); {@code prefill:12x12x64:512} is BERT-base over 512 tokens (queries
     * default to the context length; {@code causal} adds the causal mask; decode is always causal).
     */
    public static AttentionShape parse(String text) {
        String src = "shape '" + text + "'";
        String expected = "a preset " + PRESETS.keySet()
                + " or <prefill|decode>:<layers>x<heads>x<headDim>:<context>[:<queries>][,kv=<kvHeads>][,causal]";
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of("shape", "", "empty", expected);
        }
        String spec = PRESETS.getOrDefault(text.trim(), text.trim());
        String[] options = spec.split(",");
        String[] parts = options[0].split(":");
        if (parts.length < 3 || parts.length > 4) {
            throw InvalidInputException.of(src, "", "cannot parse", expected);
        }
        Mode mode;
        try {
            mode = Mode.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(src, "mode", "'" + parts[0] + "'", "prefill or decode");
        }
        String[] dims = parts[1].split("x");
        if (dims.length != 3) {
            throw InvalidInputException.of(src, "layers x heads x headDim", "'" + parts[1] + "'", "three numbers like 12x12x64");
        }
        int layers = parseInt(src, "layers", dims[0]);
        int heads = parseInt(src, "heads", dims[1]);
        int headDim = parseInt(src, "headDim", dims[2]);
        int context = parseInt(src, "context", parts[2]);
        if (mode == Mode.DECODE && parts.length != 4) {
            throw InvalidInputException.of(src, "queries", "missing", "decode:<L>x<H>x<D>:<context>:<steps>");
        }
        int queries = parts.length == 4 ? parseInt(src, "queries", parts[3]) : context;
        int kvHeads = heads;
        boolean causal = mode == Mode.DECODE;
        for (int i = 1; i < options.length; i++) {
            String o = options[i].trim();
            if (o.equals("causal")) {
                causal = true;
            } else if (o.startsWith("kv=")) {
                kvHeads = parseInt(src, "kv", o.substring(3));
            } else {
                throw InvalidInputException.of(src, "option '" + o + "'", "unknown", "kv=<kvHeads> or causal");
            }
        }
        return new AttentionShape(layers, heads, kvHeads, headDim, context, queries, mode, causal);
    }

    private static int parseInt(String src, String field, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(src, field, "'" + text + "' is not an integer", "a positive integer");
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw InvalidInputException.of("attention shape", field, "got " + value, "a positive integer");
        }
    }

    /** Tokens before the first decode step; for PREFILL the positions before the first query. */
    public int promptLength() {
        return contextLength - queries;
    }

    /** Number of keys query {@code i} (0-based) attends to. */
    public int keysForQuery(int i) {
        if (mode == Mode.DECODE || causal) {
            return promptLength() + i + 1;
        }
        return contextLength;
    }

    /**
     * (query, key) pairs per layer and query head that the attention needs: the causal triangle for a
     * causal prefill, the full rectangle otherwise, and {@code sum_s (P + s + 1)} for decode.
     */
    public long neededPairsPerHead() {
        if (mode == Mode.PREFILL && !causal) {
            return (long) queries * contextLength;
        }
        long p = promptLength();
        long n = queries;
        return n * p + n * (n + 1) / 2;
    }

    /**
     * (query, key) pairs per layer and query head that a dense kernel computes: a causal prefill
     * computes the full {@code queries x contextLength} rectangle and masks it afterwards.
     */
    public long densePairsPerHead() {
        return mode == Mode.PREFILL ? (long) queries * contextLength : neededPairsPerHead();
    }

    /** Floating-point operations of a dense kernel: {@code 4 d} per pair (2d for Q.K, 2d for P.V); softmax not counted. */
    public double denseFlops() {
        return 4.0 * headDim * densePairsPerHead() * layers * queryHeads;
    }

    /** Flops of the needed pairs only (what a kernel that skips masked blocks executes). */
    public double neededFlops() {
        return 4.0 * headDim * neededPairsPerHead() * layers * queryHeads;
    }

    /** Query heads that share one K/V head. */
    public int groupSize() {
        return queryHeads / kvHeads;
    }

    /** Compact description, e.g. {@code decode L12 H12/12 d64 ctx1024 q32}. */
    public String describe() {
        return String.format("%s%s L%d H%d/%d d%d ctx%d q%d", mode.name().toLowerCase(Locale.ROOT),
                mode == Mode.PREFILL && causal ? "(causal)" : "", layers, queryHeads, kvHeads, headDim,
                contextLength, queries);
    }
}

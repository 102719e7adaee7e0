package org.spattensim.trace.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.AttentionTraceWriter;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.record.llama.AttentionPolicy;
import org.spattensim.trace.record.llama.LlamaConfig;
import org.spattensim.trace.record.llama.LlamaSession;
import org.spattensim.trace.record.tokenizer.BpeTokenizer;

/**
 * Runs a real model and records its attention into a trace.
 *
 * <p>A decode recording of a prompt of P tokens (BOS first) and N steps has T = P + N positions: positions
 * 0..P-1 feed the prompt (prefill), position P+i feeds generated token i (decode step i). The trace holds Q, K
 * and V of every position and layer (Q and K after RoPE, V as projected) and the attention probabilities of
 * the N decode steps ([N, heads, T], zero past the query position). The last generated token is fed too, so
 * every generated token has its own query row; P + N must fit the model's context.
 *
 * <p>{@link #generate} runs the model once to pick the tokens; {@link #writeDecodeTrace} replays that token
 * sequence (teacher forcing gives the same numbers bit for bit) and streams every layer into the trace file,
 * so no attention data is held in memory.
 */
public final class DecodeRecorder {
    /** Written into the trace's extras: which tensors include the rotary position embedding. */
    public static final String ROPE_NOTE = "q and k after RoPE; v without positional encoding";

    private final RecorderModel model;

    public DecodeRecorder(RecorderModel model) {
        this.model = model;
    }

    public RecorderModel model() {
        return model;
    }

    /** Encodes the prompt with BOS, the llama2.c way. */
    public int[] encodePrompt(String prompt) {
        int seqLen = model.model().config().seqLen();
        long bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > (long) seqLen * model.tokenizer().maxTokenLength()) {
            throw InvalidInputException.of("prompt", "length", bytes + " bytes cannot fit",
                    "a prompt that fits the model's context of " + seqLen + " tokens");
        }
        return model.tokenizer().encode(prompt, true, false);
    }

    /** Prefills {@code prompt}, then generates {@code steps} tokens with dense attention. */
    public Generation generate(String prompt, int steps, TokenSampler sampler) {
        return generate(prompt, steps, sampler, AttentionPolicy.DENSE, null);
    }

    /**
     * Prefills {@code prompt}, then generates {@code steps} tokens.
     *
     * @param policy   applied inside attention (DENSE for the unmodified model)
     * @param listener told the logits of every forward step, or null
     * @throws InvalidInputException if steps is not positive or the prompt plus the steps exceed the context
     */
    public Generation generate(String prompt, int steps, TokenSampler sampler, AttentionPolicy policy,
                               LogitsListener listener) {
        int[] promptTokens = encodePrompt(prompt);
        checkFits(promptTokens.length, steps);
        LlamaSession s = model.model().newSession(policy, null);
        float[] logits = null;
        for (int i = 0; i < promptTokens.length; i++) {
            logits = s.step(promptTokens[i]);
            if (listener != null) {
                listener.onLogits(i, promptTokens[i], logits);
            }
        }
        int[] generated = new int[steps];
        for (int i = 0; i < steps; i++) {
            generated[i] = sampler.sample(logits);
            if (i + 1 < steps) {
                int pos = s.position();
                logits = s.step(generated[i]);
                if (listener != null) {
                    listener.onLogits(pos, generated[i], logits);
                }
            }
        }
        return new Generation(prompt, promptTokens, generated, decodeAfter(promptTokens, generated),
                sampler.toString());
    }

    /** Checks that a decode trace of {@code promptTokens + steps} positions fits the model's context. */
    public void checkFits(int promptTokens, int steps) {
        int seqLen = model.model().config().seqLen();
        if (steps <= 0) {
            throw InvalidInputException.of("record", "steps", "is " + steps, "a positive number of tokens");
        }
        if ((long) promptTokens + steps > seqLen) {
            throw InvalidInputException.of("record", "steps", "prompt of " + promptTokens + " tokens (with BOS) + "
                    + steps + " steps = " + ((long) promptTokens + steps) + " positions exceed the context of "
                    + model.name(), "prompt tokens + steps <= seq_len = " + seqLen
                    + " (at most " + (seqLen - promptTokens) + " steps for this prompt)");
        }
    }

    /** Writes the decode trace of a generation with dense attention. */
    public TraceMetadata writeDecodeTrace(Generation g, Path out, TraceDType dtype) {
        return writeDecodeTrace(g, out, dtype, AttentionPolicy.DENSE);
    }

    /**
     * Writes the decode trace of a generation (see the class comment) by replaying its tokens.
     *
     * @param policy applied inside attention while recording (DENSE: the model's own attention)
     */
    public TraceMetadata writeDecodeTrace(Generation g, Path out, TraceDType dtype, AttentionPolicy policy) {
        int[] tokens = g.allTokens();
        int p = g.promptTokens().length;
        int n = g.generatedTokens().length;
        checkFits(p, n);
        Map<String, String> extras = extras(policy);
        extras.put("recorder.sampler", g.sampler());
        extras.put("recorder.generated_text", g.generatedText());
        extras.put("recorder.probabilities", "decode steps only: rows are positions " + p + ".." + (p + n - 1));
        TraceMetadata meta = baseMetadata(dtype).decode(p, n).tokenIds(tokens).prompt(g.prompt())
                .extras(extras).build();
        replayInto(tokens, out, meta, p, policy);
        return meta;
    }

    /**
     * Records a prefill trace of the prompt (BOS first): every position's Q, K, V and probability row.
     */
    public TraceMetadata writePrefillTrace(String prompt, Path out, TraceDType dtype, AttentionPolicy policy) {
        int[] tokens = encodePrompt(prompt);
        if (tokens.length > model.model().config().seqLen()) {
            throw InvalidInputException.of("prompt", "length", tokens.length + " tokens",
                    "at most seq_len = " + model.model().config().seqLen());
        }
        Map<String, String> extras = extras(policy);
        TraceMetadata meta = baseMetadata(dtype).prefill(tokens.length).tokenIds(tokens).prompt(prompt)
                .extras(extras).build();
        replayInto(tokens, out, meta, 0, policy);
        return meta;
    }

    private void replayInto(int[] tokens, Path out, TraceMetadata meta, int firstProbabilityRow,
                            AttentionPolicy policy) {
        AttentionTraceWriter w = AttentionTraceWriter.open(out, meta);
        boolean ok = false;
        try {
            LlamaSession s = model.model().newSession(policy,
                    new TraceRecordingObserver(w, firstProbabilityRow, meta.queryHeads()));
            for (int t : tokens) {
                s.step(t);
            }
            ok = true;
        } finally {
            if (ok) {
                w.close();
            } else {
                w.abort();
            }
        }
    }

    private TraceMetadata.Builder baseMetadata(TraceDType dtype) {
        LlamaConfig c = model.model().config();
        return TraceMetadata.builder().model(model.name())
                .shape(c.nLayers(), c.nHeads(), c.nKvHeads(), c.headSize())
                .dtype(dtype).qkv(true).probabilities(true)
                .source("spatten-sim recorder (Java llama2.c forward pass, org.spattensim.trace.record); model "
                        + model.name() + ": " + model.provenance());
    }

    private static Map<String, String> extras(AttentionPolicy policy) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("recorder.rope", ROPE_NOTE);
        extras.put("recorder.attention_policy", policy == AttentionPolicy.DENSE ? "dense"
                : policy.getClass().getName());
        return extras;
    }

    private String decodeAfter(int[] promptTokens, int[] generated) {
        BpeTokenizer tok = model.tokenizer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prev = promptTokens[promptTokens.length - 1];
        for (int id : generated) {
            if (id != BpeTokenizer.BOS && id != BpeTokenizer.EOS) {
                out.writeBytes(tok.decodeBytes(prev, id));
            }
            prev = id;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

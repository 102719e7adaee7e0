package org.spattensim.accel.quality;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.llama.AttentionPolicy;
import org.spattensim.trace.record.llama.LlamaConfig;
import org.spattensim.trace.record.llama.LlamaSession;

/**
 * Measures what SpAtten's pruning and quantization cost on a real model. For each prompt, the dense
 * model generates a greedy continuation; then dense and SpAtten-policy sessions are fed the same tokens
 * (teacher forcing) and their next-token distributions compared at every generated position: KL(dense ‖
 * spatten) and top-1 agreement. Deterministic (greedy decoding, seeded top-k pivots).
 */
public final class QualityEvaluator {
    /** Short TinyStories-style prompts (the bundled model was trained on TinyStories). Our choice. */
    public static final List<String> DEFAULT_PROMPTS = List.of(
            "Once upon a time",
            "One day, a little girl named Lily",
            "Tom and his dog went to the park",
            "The sun was shining and the birds",
            "There was a big red ball",
            "Mom said to Ben",
            "The cat wanted to play",
            "In a small house lived");

    /** Generated tokens per prompt (our choice: long enough for token pruning to act). */
    public static final int DEFAULT_TOKENS = 96;

    private QualityEvaluator() {}

    public static QualityReport evaluate(RecorderModel model, SpattenConfig config) {
        return evaluate(model, config, DEFAULT_PROMPTS, DEFAULT_TOKENS);
    }

    public static QualityReport evaluate(RecorderModel model, SpattenConfig config, List<String> prompts,
                                         int tokens) {
        return evaluate(model, config, reference(model, prompts, tokens));
    }

    /**
     * The dense side of the comparison, computed once: each prompt's greedy continuation and the dense model's
     * next-token logits at every compared position. A search that evaluates many configurations on the same
     * prompts reuses it (one sparse session per prompt and configuration instead of three). Holds
     * positions × vocabulary floats.
     */
    public static DenseReference reference(RecorderModel model, List<String> prompts, int tokens) {
        if (prompts.isEmpty()) {
            throw new InvalidInputException("quality: no prompts; expected at least one");
        }
        if (tokens < 1) {
            throw new InvalidInputException("quality: tokens = " + tokens + "; expected >= 1 generated tokens");
        }
        LlamaConfig mc = model.model().config();
        List<DenseReference.Prompt> out = new ArrayList<>();
        for (String prompt : prompts) {
            int[] promptTokens = model.tokenizer().encode(prompt, true, false);
            int total = Math.min(mc.seqLen(), promptTokens.length + tokens);
            if (promptTokens.length >= total) {
                throw new InvalidInputException("quality: prompt '" + prompt + "' has " + promptTokens.length
                        + " tokens; expected fewer than the model's context " + mc.seqLen());
            }
            // One dense pass: the greedy continuation's own logits are the dense prediction at every position (a
            // second dense session fed the same tokens computes the same values).
            int[] seq = new int[total];
            System.arraycopy(promptTokens, 0, seq, 0, promptTokens.length);
            LlamaSession dense = model.model().newSession(AttentionPolicy.DENSE, null);
            List<float[]> logits = new ArrayList<>();
            for (int i = 0; i < total - 1; i++) {
                float[] a = dense.step(seq[i]);
                if (i + 1 >= promptTokens.length) {
                    seq[i + 1] = argmax(a);
                    logits.add(a.clone());
                }
            }
            out.add(new DenseReference.Prompt(prompt, promptTokens.length, seq, logits));
        }
        return new DenseReference(model.name(), out);
    }

    /** Compares {@code config} against a dense reference computed from the same model. */
    public static QualityReport evaluate(RecorderModel model, SpattenConfig config, DenseReference reference) {
        if (!reference.model().equals(model.name())) {
            throw new InvalidInputException("quality: the dense reference was computed on model '" + reference.model()
                    + "'; expected one computed on '" + model.name() + "'");
        }
        LlamaConfig mc = model.model().config();
        List<QualityReport.PromptQuality> per = new ArrayList<>();
        QualityCounters all = new QualityCounters();
        double klSum = 0;
        double klMax = 0;
        long agree = 0;
        long positions = 0;
        for (DenseReference.Prompt p : reference.prompts()) {
            int[] seq = p.sequence();
            SpattenAttentionPolicy policy = new SpattenAttentionPolicy(config, mc.nLayers(), mc.nHeads(),
                    mc.nKvHeads(), mc.headSize(), mc.seqLen(), p.promptLength());
            LlamaSession sparse = model.model().newSession(policy, null);
            double pKl = 0;
            int pAgree = 0;
            int pN = 0;
            for (int i = 0; i < seq.length - 1; i++) {
                float[] b = sparse.step(seq[i]);
                if (i < p.promptLength() - 1) {
                    continue; // compare only the predictions that generate tokens
                }
                float[] a = p.denseLogits().get(pN);
                double kl = klDivergence(a, b);
                pKl += kl;
                klMax = Math.max(klMax, kl);
                pAgree += argmax(a) == argmax(b) ? 1 : 0;
                pN++;
            }
            per.add(new QualityReport.PromptQuality(p.prompt(), pN, pKl / pN, (double) pAgree / pN));
            klSum += pKl;
            agree += pAgree;
            positions += pN;
            all.add(policy.counters());
        }
        return new QualityReport(model.name(), config.name(), reference.prompts().size(), positions, klSum / positions,
                klMax, (double) agree / positions, all.keyKeepRatio(), all.valueKeepRatio(), all.headPrunedShare(),
                all.requantShare(), per);
    }

    /** KL(softmax(a) ‖ softmax(b)) in nats, computed in float64. */
    static double klDivergence(float[] a, float[] b) {
        double ma = Double.NEGATIVE_INFINITY;
        double mb = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            ma = Math.max(ma, a[i]);
            mb = Math.max(mb, b[i]);
        }
        double za = 0;
        double zb = 0;
        for (int i = 0; i < a.length; i++) {
            za += Math.exp(a[i] - ma);
            zb += Math.exp(b[i] - mb);
        }
        double lza = Math.log(za);
        double lzb = Math.log(zb);
        double kl = 0;
        for (int i = 0; i < a.length; i++) {
            double la = a[i] - ma - lza;
            double lb = b[i] - mb - lzb;
            kl += Math.exp(la) * (la - lb);
        }
        return Math.max(0, kl);
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}

package org.spattensim.accel.quality;

import java.util.List;

/**
 * The dense model's side of a quality comparison ({@link QualityEvaluator#reference}): per prompt, the greedy
 * token sequence and the dense next-token logits at each compared position, in order.
 *
 * @param model   the model it was computed on
 * @param prompts one entry per prompt
 */
public record DenseReference(String model, List<Prompt> prompts) {
    public DenseReference {
        prompts = List.copyOf(prompts);
    }

    /**
     * @param prompt       the prompt text
     * @param promptLength prompt tokens (BOS included)
     * @param sequence     prompt + greedy continuation, the tokens both sessions are fed
     * @param denseLogits  dense logits predicting each generated token, in order
     */
    public record Prompt(String prompt, int promptLength, int[] sequence, List<float[]> denseLogits) {
        public Prompt {
            denseLogits = List.copyOf(denseLogits);
        }
    }
}

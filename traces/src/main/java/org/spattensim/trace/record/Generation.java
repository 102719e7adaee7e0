package org.spattensim.trace.record;

import java.util.Arrays;

/**
 * The result of {@link DecodeRecorder#generate}: the prompt, its tokens (starting with BOS) and the generated
 * tokens and text.
 *
 * @param prompt          the prompt text
 * @param promptTokens    the prompt's token ids, BOS first
 * @param generatedTokens the generated token ids, in order
 * @param generatedText   the decoded text of the generated tokens (following the prompt)
 * @param sampler         how the tokens were picked (for provenance)
 */
public record Generation(String prompt, int[] promptTokens, int[] generatedTokens, String generatedText,
                         String sampler) {

    public Generation {
        promptTokens = promptTokens.clone();
        generatedTokens = generatedTokens.clone();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    @Override
    public int[] generatedTokens() {
        return generatedTokens.clone();
    }

    /** Prompt tokens followed by generated tokens: the input of every position of the decode trace. */
    public int[] allTokens() {
        int[] all = Arrays.copyOf(promptTokens, promptTokens.length + generatedTokens.length);
        System.arraycopy(generatedTokens, 0, all, promptTokens.length, generatedTokens.length);
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Generation g && prompt.equals(g.prompt) && Arrays.equals(promptTokens, g.promptTokens)
                && Arrays.equals(generatedTokens, g.generatedTokens) && generatedText.equals(g.generatedText)
                && sampler.equals(g.sampler);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * prompt.hashCode() + Arrays.hashCode(promptTokens)) + Arrays.hashCode(generatedTokens);
    }

    @Override
    public String toString() {
        return "Generation[prompt=" + promptTokens.length + " tokens, generated=" + generatedTokens.length
                + " tokens, " + sampler + "]";
    }
}

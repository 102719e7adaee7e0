package org.spattensim.accel.quality;

import java.util.List;

/**
 * Quality cost of a SpAtten configuration on a real model, against the same model run densely.
 *
 * @param model            model name
 * @param design           SpAtten design name
 * @param prompts          prompts evaluated
 * @param positions        next-token predictions compared
 * @param meanKl           mean KL(dense ‖ pruned) of the next-token distributions, in nats
 * @param maxKl            largest per-position KL
 * @param top1Agreement    share of positions where both pick the same most likely token
 * @param keyKeepRatio     kept keys / visible keys (heads that ran)
 * @param valueKeepRatio   kept values / visible keys
 * @param headPrunedShare  share of (layer, head, step) attentions skipped by head pruning
 * @param requantShare     share of attentions that refetched key LSBs
 * @param perPrompt        per-prompt figures
 */
public record QualityReport(String model, String design, int prompts, long positions, double meanKl, double maxKl,
                            double top1Agreement, double keyKeepRatio, double valueKeepRatio,
                            double headPrunedShare, double requantShare, List<PromptQuality> perPrompt) {
    public QualityReport {
        perPrompt = List.copyOf(perPrompt);
    }

    /**
     * @param prompt        the prompt text
     * @param positions     predictions compared
     * @param meanKl        mean KL over them
     * @param top1Agreement share of equal argmax
     */
    public record PromptQuality(String prompt, int positions, double meanKl, double top1Agreement) {}

    /** Human-readable summary. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT,
                "model %s, design %s: %d prompts, %d next-token predictions%n", model, design, prompts, positions));
        sb.append(String.format(java.util.Locale.ROOT, "  KL(dense || spatten): mean %.5f nats, max %.5f%n", meanKl,
                maxKl));
        sb.append(String.format(java.util.Locale.ROOT, "  top-1 agreement:      %.2f%%%n", 100 * top1Agreement));
        sb.append(String.format(java.util.Locale.ROOT,
                "  kept keys %.1f%%, kept values %.1f%%, heads pruned %.1f%%, LSB refetch %.1f%%%n",
                100 * keyKeepRatio, 100 * valueKeepRatio, 100 * headPrunedShare, 100 * requantShare));
        return sb.toString();
    }
}

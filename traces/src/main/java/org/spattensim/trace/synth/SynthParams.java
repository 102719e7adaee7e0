package org.spattensim.trace.synth;

import java.util.List;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.YamlConfig;

/**
 * Knobs of the synthetic attention generator. Scores are built as
 * {@code s(i,j) = τ_h · (a_h·[j < sinkTokens] + b_h·hh(j) + c_h·band(i−j) + σ_h·ε(i,j))}
 * (see {@link SyntheticAttention}); every strength is a logit in units before the per-head
 * temperature. Defaults are our assumption (roughly GPT-2-like rows); {@code SynthFitter} fits them
 * to a recorded trace.
 *
 * @param sinkTokens          keys 0..sinkTokens-1 carry the sink direction (attention sinks)
 * @param sinkStrength        a: logit bonus of the sink keys
 * @param heavyHitters        number of heavy-hitter key positions (drawn once per sequence, shared by all
 *                            layers and heads, as important tokens are in real models)
 * @param heavyHitterStrength b: logit bonus of a heavy-hitter key
 * @param localWindow         width (tokens) of the band near the diagonal
 * @param localStrength       c: logit bonus at distance 0, falling off over about localWindow tokens
 * @param localFrequencies    sinusoid pairs building the band; 0 = as many as the head dimension allows
 *                            (at most 8)
 * @param noiseStd            σ: std of the content (random) part of the logits; sets the heavy tail
 * @param temperatureMin      per-head inverse temperature τ is log-uniform in [min, max]; heads differ in
 *                            entropy
 * @param temperatureMax      see temperatureMin
 * @param headJitter          std of the log-normal per-head factor on a, b, c and σ
 * @param valueStd            std of the Gaussian V entries
 */
public record SynthParams(int sinkTokens, double sinkStrength, int heavyHitters, double heavyHitterStrength,
                          double localWindow, double localStrength, int localFrequencies, double noiseStd,
                          double temperatureMin, double temperatureMax, double headJitter, double valueStd) {

    /** Our assumption: one sink, four heavy hitters, a band of ~4 tokens, moderate noise, τ in [0.5, 2]. */
    public static final SynthParams DEFAULTS =
            new SynthParams(1, 3.0, 4, 2.0, 4.0, 3.0, 0, 1.5, 0.5, 2.0, 0.5, 1.0);

    public SynthParams {
        atLeast("sinkTokens", sinkTokens, 0);
        nonNegative("sinkStrength", sinkStrength);
        atLeast("heavyHitters", heavyHitters, 0);
        nonNegative("heavyHitterStrength", heavyHitterStrength);
        if (!(localWindow >= 0.5 && localWindow < 1e9)) {
            throw bad("localWindow", localWindow, "a band width ≥ 0.5 tokens");
        }
        nonNegative("localStrength", localStrength);
        atLeast("localFrequencies", localFrequencies, 0);
        nonNegative("noiseStd", noiseStd);
        if (!(temperatureMin > 0 && temperatureMin <= temperatureMax && temperatureMax < 1e6)) {
            throw bad("temperatureMin/temperatureMax", temperatureMin + ".." + temperatureMax,
                    "0 < temperatureMin ≤ temperatureMax");
        }
        nonNegative("headJitter", headJitter);
        nonNegative("valueStd", valueStd);
    }

    /** These parameters with {@code key=value} overrides applied (unknown keys rejected). */
    public SynthParams withOverrides(List<String> sets) {
        if (sets == null || sets.isEmpty()) {
            return this;
        }
        var node = YamlConfig.mapper().valueToTree(this);
        return YamlConfig.bind(YamlConfig.applyOverrides((com.fasterxml.jackson.databind.node.ObjectNode) node, sets,
                "--set"), SynthParams.class, "--set");
    }

    private static void atLeast(String f, int v, int min) {
        if (v < min) {
            throw bad(f, v, "an integer ≥ " + min);
        }
    }

    private static void nonNegative(String f, double v) {
        if (!(v >= 0 && v < 1e9)) {
            throw bad(f, v, "a finite value ≥ 0");
        }
    }

    private static InvalidInputException bad(String field, Object v, String expected) {
        return InvalidInputException.of("synth parameters", field, "is " + v, expected);
    }
}

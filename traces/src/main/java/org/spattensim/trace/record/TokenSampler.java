package org.spattensim.trace.record;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.spattensim.common.InvalidInputException;

/**
 * Picks the next token from logits: greedy (argmax, the lowest id on ties) at temperature 0, otherwise a draw
 * from {@code softmax(logits / temperature)} with a seeded generator (SplitMix64 from Commons RNG, whose output
 * is fixed by its specification), so the same seed gives the same tokens on every machine.
 */
public final class TokenSampler {
    private final double temperature;
    private final long seed;
    private final UniformRandomProvider rng;
    private double[] scratch = new double[0];

    /**
     * @param temperature 0 for greedy, else a positive finite temperature
     * @param seed        seed of the draws (unused when greedy)
     */
    public TokenSampler(double temperature, long seed) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw InvalidInputException.of("sampler", "temperature", "is " + temperature,
                    "0 (greedy) or a positive finite number");
        }
        this.temperature = temperature;
        this.seed = seed;
        this.rng = RandomSource.SPLIT_MIX_64.create(seed);
    }

    public static TokenSampler greedy() {
        return new TokenSampler(0, 0);
    }

    public double temperature() {
        return temperature;
    }

    public long seed() {
        return seed;
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** The next token for these logits. */
    public int sample(float[] logits) {
        if (isGreedy()) {
            return argmax(logits);
        }
        if (scratch.length < logits.length) {
            scratch = new double[logits.length];
        }
        float max = logits[argmax(logits)];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            scratch[i] = Math.exp((logits[i] - max) / temperature);
            sum += scratch[i];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < logits.length; i++) {
            acc += scratch[i];
            if (u < acc) {
                return i;
            }
        }
        return argmax(logits); // u rounded up to the total: the last non-zero weight is at most one ulp away
    }

    /** Index of the largest value, the lowest index on ties. */
    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return isGreedy() ? "greedy" : "temperature " + temperature + ", seed " + seed;
    }
}

package org.spattensim.trace.synth;

import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;

/**
 * One synthetic trace to generate.
 *
 * @param shape          model shape
 * @param mode           prefill (probabilities for every position) or decode (prompt, then steps)
 * @param sequenceLength prefill: positions; decode: prompt positions before the first step
 * @param steps          decode steps (0 for prefill)
 * @param seed           seed of every random stream
 * @param params         generator parameters
 * @param probabilities  also store the probabilities (else readers compute them from Q and K)
 * @param dtype          storage type
 */
public record SynthSpec(ModelShape shape, TraceMode mode, int sequenceLength, int steps, long seed,
                        SynthParams params, boolean probabilities, TraceDType dtype) {
    /** Our cap on the positions of one trace, so one layer's Q/K/V (generated in memory) stays small. */
    public static final int MAX_POSITIONS = 1 << 16;

    public SynthSpec {
        if (shape == null || mode == null || params == null || dtype == null) {
            throw new IllegalArgumentException("shape, mode, params and dtype are required");
        }
        if (sequenceLength < 1) {
            throw InvalidInputException.of("synth", "seq-len", "is " + sequenceLength, "≥ 1");
        }
        if (mode == TraceMode.PREFILL && steps != 0) {
            throw InvalidInputException.of("synth", "steps", steps + " in prefill mode", "0 (steps are for decode)");
        }
        if (mode == TraceMode.DECODE && steps < 1) {
            throw InvalidInputException.of("synth", "steps", "is " + steps, "≥ 1 in decode mode");
        }
        if (mode == TraceMode.DECODE && !shape.causal()) {
            throw InvalidInputException.of("synth", "mode", "decode with encoder shape " + shape.name(),
                    "prefill (encoders such as BERT attend bidirectionally and do not generate)");
        }
        if ((long) sequenceLength + steps > MAX_POSITIONS) {
            throw InvalidInputException.of("synth", "seq-len + steps", "is " + ((long) sequenceLength + steps),
                    "at most " + MAX_POSITIONS);
        }
    }

    /** Positions with Q/K/V: T. */
    public int totalPositions() {
        return sequenceLength + steps;
    }

    /** Probability rows per layer and head. */
    public int queryRows() {
        return mode == TraceMode.PREFILL ? sequenceLength : steps;
    }

    /** Position of probability row r. */
    public int queryPosition(int row) {
        return mode == TraceMode.PREFILL ? row : sequenceLength + row;
    }
}

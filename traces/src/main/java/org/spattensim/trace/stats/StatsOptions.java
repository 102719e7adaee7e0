package org.spattensim.trace.stats;

import org.spattensim.common.InvalidInputException;

/**
 * What the attention statistics measure.
 *
 * @param sinkTokens      the first k keys whose mass is the "sink mass"
 * @param localWindow     keys within this distance of the query position (|j - i| < w) form the "local mass"
 * @param topFraction     the "top mass" is the share of a row's mass in its top ceil(topFraction * n) keys
 * @param maxRowsPerHead  at most this many query rows per (layer, head), evenly spaced; 0 = all rows
 */
public record StatsOptions(int sinkTokens, int localWindow, double topFraction, int maxRowsPerHead) {
    /** Sink = first token, local = the query and its 3 nearest neighbours, top 10%, every row. Our defaults. */
    public static final StatsOptions DEFAULT = new StatsOptions(1, 4, 0.10, 0);

    public StatsOptions {
        if (sinkTokens < 0) {
            throw InvalidInputException.of("stats options", "sinkTokens", "is " + sinkTokens, "≥ 0");
        }
        if (localWindow < 1) {
            throw InvalidInputException.of("stats options", "localWindow", "is " + localWindow, "≥ 1");
        }
        if (!(topFraction > 0 && topFraction <= 1)) {
            throw InvalidInputException.of("stats options", "topFraction", "is " + topFraction, "in (0, 1]");
        }
        if (maxRowsPerHead < 0) {
            throw InvalidInputException.of("stats options", "maxRowsPerHead", "is " + maxRowsPerHead, "≥ 0 (0 = all)");
        }
    }
}

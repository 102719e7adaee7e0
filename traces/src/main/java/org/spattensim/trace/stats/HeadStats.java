package org.spattensim.trace.stats;

/**
 * Statistics of one (layer, head) over its query rows. Means are over rows; entropies in nats.
 *
 * @param layer             layer
 * @param head              query head
 * @param rows              query rows measured
 * @param meanKeys          mean number of keys a row attends to
 * @param entropy           mean row entropy −Σ p ln p
 * @param normalizedEntropy mean of entropy / ln(n) (0 = one key, 1 = uniform); rows with n = 1 count as 0
 * @param maxProbMean       mean of the row maximum probability
 * @param maxProbP10        10th percentile of the row maximum
 * @param maxProbP50        median of the row maximum
 * @param maxProbP90        90th percentile of the row maximum
 * @param topMass           mean share of mass in the top ceil(topFraction * n) keys
 * @param sinkMass          mean mass on the first sinkTokens keys
 * @param localMass         mean mass on keys within localWindow of the query position
 */
public record HeadStats(int layer, int head, int rows, double meanKeys, double entropy, double normalizedEntropy,
                        double maxProbMean, double maxProbP10, double maxProbP50, double maxProbP90, double topMass,
                        double sinkMass, double localMass) {
}

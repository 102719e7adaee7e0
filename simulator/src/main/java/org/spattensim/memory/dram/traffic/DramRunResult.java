package org.spattensim.memory.dram.traffic;

/**
 * Outcome of a traffic run. Cycles count from 0 to the last completed data transfer.
 *
 * @param preset         preset name
 * @param pattern        pattern label
 * @param requests       requests completed
 * @param channels       (pseudo-)channels simulated
 * @param cycles         memory cycles to complete all requests
 * @param peakGbps       peak bandwidth of the simulated channels, GB/s
 * @param achievedGbps   bytes moved / elapsed time, GB/s
 * @param meanLatencyNs  mean enqueue-to-completion latency, ns
 * @param p99LatencyNs   99th percentile latency, ns
 * @param rowHitRate     row-buffer hits / requests classified
 * @param refreshes      REF commands issued
 * @param activates      ACT commands issued
 */
public record DramRunResult(String preset, String pattern, long requests, int channels, long cycles, double peakGbps,
                            double achievedGbps, double meanLatencyNs, double p99LatencyNs, double rowHitRate,
                            long refreshes, long activates) {
    public double fractionOfPeak() {
        return achievedGbps / peakGbps;
    }

    /** Exactly one JSON object with the keys the {@code dram} command documents. */
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"preset\":\"%s\",\"pattern\":\"%s\",\"requests\":%d,\"peak_gbps\":%.4f,\"achieved_gbps\":%.4f,"
                        + "\"mean_latency_ns\":%.3f,\"p99_latency_ns\":%.3f,\"row_hit_rate\":%.5f,\"refreshes\":%d}",
                preset, pattern, requests, peakGbps, achievedGbps, meanLatencyNs, p99LatencyNs, rowHitRate, refreshes);
    }
}

package org.spattensim.trace.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-(layer, head) attention statistics of a trace, plus their means over heads.
 *
 * @param trace             what was measured (file name or a description)
 * @param fromProbabilities true if read from stored probabilities, false if computed from Q and K
 * @param options           what was measured
 * @param heads             one entry per (layer, head), layer-major
 */
public record TraceStats(String trace, boolean fromProbabilities, StatsOptions options, List<HeadStats> heads) {
    public TraceStats {
        heads = List.copyOf(heads);
    }

    /** Means over heads (each head weighted equally) and the spread of entropy across heads. */
    public Summary summary() {
        int n = 0;
        double ne = 0;
        double ne2 = 0;
        double mx = 0;
        double top = 0;
        double sink = 0;
        double loc = 0;
        for (HeadStats h : heads) {
            if (h.rows() == 0) {
                continue;
            }
            n++;
            ne += h.normalizedEntropy();
            ne2 += h.normalizedEntropy() * h.normalizedEntropy();
            mx += h.maxProbMean();
            top += h.topMass();
            sink += h.sinkMass();
            loc += h.localMass();
        }
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = ne / n;
        return new Summary(n, mean, Math.sqrt(Math.max(0, ne2 / n - mean * mean)), mx / n, top / n, sink / n, loc / n);
    }

    /**
     * Means over heads.
     *
     * @param heads                   heads with at least one row
     * @param normalizedEntropy       mean over heads of the normalized row entropy
     * @param normalizedEntropySpread standard deviation over heads of the normalized entropy (heads differ)
     * @param maxProb                 mean row maximum
     * @param topMass                 mean share of mass in the top fraction of keys
     * @param sinkMass                mean sink mass
     * @param localMass               mean local mass
     */
    public record Summary(int heads, double normalizedEntropy, double normalizedEntropySpread, double maxProb,
                          double topMass, double sinkMass, double localMass) {
        /** Statistic name -> value, in a fixed order. */
        public Map<String, Double> asMap() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("normalizedEntropy", normalizedEntropy);
            m.put("normalizedEntropySpread", normalizedEntropySpread);
            m.put("maxProb", maxProb);
            m.put("topMass", topMass);
            m.put("sinkMass", sinkMass);
            m.put("localMass", localMass);
            return m;
        }
    }

    /** A fixed-width table, one line per (layer, head), then the means. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "trace: %s (%s)%n", trace,
                fromProbabilities ? "stored probabilities" : "computed from Q and K"));
        sb.append(String.format(Locale.ROOT, "sink = first %d keys, local = |j-i| < %d, top = top %.0f%% of keys%n",
                options.sinkTokens(), options.localWindow(), options.topFraction() * 100));
        sb.append(String.format(Locale.ROOT, "%5s %4s %6s %7s %7s %6s %6s %6s %6s %6s %6s %6s %6s%n", "layer", "head",
                "rows", "keys", "H", "H/lnN", "maxP", "p10", "p50", "p90", "top", "sink", "local"));
        for (HeadStats h : heads) {
            sb.append(String.format(Locale.ROOT, "%5d %4d %6d %7.1f %7.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f%n",
                    h.layer(), h.head(), h.rows(), h.meanKeys(), h.entropy(), h.normalizedEntropy(), h.maxProbMean(),
                    h.maxProbP10(), h.maxProbP50(), h.maxProbP90(), h.topMass(), h.sinkMass(), h.localMass()));
        }
        Summary s = summary();
        sb.append(String.format(Locale.ROOT,
                "mean over %d heads: H/lnN %.3f (spread %.3f), maxP %.3f, top %.3f, sink %.3f, local %.3f%n",
                s.heads(), s.normalizedEntropy(), s.normalizedEntropySpread(), s.maxProb(), s.topMass(), s.sinkMass(),
                s.localMass()));
        return sb.toString();
    }

    /** JSON: the trace, the options, every head and the summary. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", trace);
        m.put("fromProbabilities", fromProbabilities);
        m.put("options", options);
        m.put("heads", heads);
        m.put("summary", summary());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode statistics", e);
        }
    }
}

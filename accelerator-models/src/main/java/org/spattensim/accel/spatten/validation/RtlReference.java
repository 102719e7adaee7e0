package org.spattensim.accel.spatten.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled reference figures ({@code reference/spatten-rtl-reference.json}, provenance in
 * {@code reference/PROVENANCE.md}): SpAtten's RTL simulation at the release's SpAtten-1/8 defaults and Ramulator
 * 2.0's HBM2 figures on synthetic streams.
 */
public record RtlReference(long[] cumulativeByStep, Map<String, Long> iteration0BySeed, Map<String, Long> smallBySeed,
                           List<DramStream> dramStreams) {
    public static final String RESOURCE = "reference/spatten-rtl-reference.json";

    /**
     * One Ramulator 2.0 stream on one HBM2 channel.
     *
     * @param name         sequential, strided_2KiB, random, idle_sequential_1per1000cyc, idle_random_1per1000cyc
     * @param reads        reads offered
     * @param totalCycles  DRAM cycles to the last completion
     * @param percentPeak  requested bytes (32 B per read) / peak bytes over the run, percent
     * @param meanLatency  mean read latency, cycles
     */
    public record DramStream(String name, long reads, long totalCycles, double percentPeak, double meanLatency) {
        public boolean idle() {
            return name.startsWith("idle");
        }
    }

    public static RtlReference load() {
        try (InputStream in = RtlReference.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode gpt = root.path("rtl").path("gpt2-small-wikitext2-per8");
            JsonNode cum = gpt.path("cumulative_cycles_by_iteration");
            long[] cumulative = new long[cum.size()];
            for (int i = 0; i < cumulative.length; i++) {
                cumulative[i] = cum.get(i).asLong();
            }
            List<DramStream> streams = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = root.path("dram_ramulator2.0_hbm2_2gbps_one_channel").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = e.getValue();
                streams.add(new DramStream(e.getKey(), s.path("n_reads").asLong(), s.path("total_dram_cycles").asLong(),
                        s.path("pct_peak_requested_bytes").asDouble(), s.path("mean_read_latency_cycles").asDouble()));
            }
            return new RtlReference(cumulative, bySeed(gpt.path("iteration0_alone_cycles_by_seed")),
                    bySeed(root.path("rtl").path("small.csv").path("total_cycles_by_seed")), streams);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Map<String, Long> bySeed(JsonNode n) {
        Map<String, Long> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}

package org.spattensim.accel.spatten.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.Accelerators;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.functional.InMemoryAttentionSource;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * Golden pins of every statistic of the bundled SpAtten workloads and of a data-driven decode with each KV policy
 * (the stats CSV, every digit, as {@code ./spatten simulate} writes it, fingerprinted): a speed change must keep
 * them byte-identical. If a deliberate model change moves them, re-record and say why in the commit.
 */
class BundledStatsGoldenTest {
    @ParameterizedTest
    // Re-recorded when the fetcher's DRAM port followed the release's DPI driver (a slot frees two cycles after the
    // completion; a refused request waits in the port's hold register), 2026-12-06; and when the fetcher's stall
    // counters became cycles waited instead of retries seen (only those two rows moved; cycles unchanged), 2026-12-06.
    @CsvSource({
        "spatten-1/8, gpt2-small-wikitext2, c46bc80172afada9",
        "spatten, gpt2-small-wikitext2, b0611ed870ee5078",
        "spatten-1/8, small, a700edc520d12d31",
        "dense-1/8, small, e3264d509f154394",
    })
    void bundledWorkloadStatsArePinned(String model, String workload, String fingerprint) {
        AcceleratorRun r = Accelerators.get(model).run(RunRequest.of(workload));
        assertEquals(fingerprint, fingerprint(r.stats().toCsv()), model + " on " + workload);
    }

    @ParameterizedTest
    // Re-recorded with the stall counters in cycles (above).
    @CsvSource({
        "cascade, 969452a385dfecdd",
        "streaming-llm, f1e68e67b66c4795",
        "spatten-llm, c8e5043628dd68c4",
        "h2o, 260ef79080cbd739",
        "quest, 9cc75ca31dd13797",
    })
    void kvPolicyDecodeStatsArePinned(String policy, String fingerprint) {
        var cfg = SpattenPresets.load("spatten-1/8", List.of("pruning.policy=" + policy, "pruning.kv.budget=48"));
        Workload w = new SpattenFunctionalModel(cfg, false).run(InMemoryAttentionSource.random(3, 3, 4, 2, 64, 196,
                192, true, 1.0)).workload();
        SpattenRun r = new SpattenTimingModel(cfg).run(w);
        assertEquals(fingerprint, fingerprint(r.stats().toCsv()), policy);
    }

    static String fingerprint(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

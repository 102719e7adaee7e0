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
    @CsvSource({
        "spatten-1/8, gpt2-small-wikitext2, 5c57df16911fdf4a",
        "spatten, gpt2-small-wikitext2, f5169207f5e1304c",
        "spatten-1/8, small, d5f7d7b4f2c4e75f",
        "dense-1/8, small, 55e7a28437c4c966",
    })
    void bundledWorkloadStatsArePinned(String model, String workload, String fingerprint) {
        AcceleratorRun r = Accelerators.get(model).run(RunRequest.of(workload));
        assertEquals(fingerprint, fingerprint(r.stats().toCsv()), model + " on " + workload);
    }

    @ParameterizedTest
    @CsvSource({
        "cascade, 7692230d1e294212",
        "streaming-llm, 24b013da8ff05fa1",
        "spatten-llm, 2f149a6b706015ba",
        "h2o, ec412b3d7ec43ec3",
        "quest, f7cf1ff7c5d03fb6",
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

package org.spattensim.accel.kvstream;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spattensim.accel.spatten.functional.AttentionSource;
import org.spattensim.accel.spatten.functional.TraceAttentionSource;
import org.spattensim.accel.spatten.workload.WorkloadLoader;
import org.spattensim.common.InvalidInputException;

/** Workloads of designs that decide from the data: Q/K/V traces only. */
public final class DataWorkloads {
    private DataWorkloads() {}

    /**
     * The trace's Q/K/V; refuses a SpAtten workload CSV (it records SpAtten's own decisions, not the data another
     * design decides from) and a missing file, naming the design.
     */
    public static AttentionSource load(String trace, String design) {
        if (WorkloadLoader.decisionDriven(trace)) {
            throw InvalidInputException.of(trace, "--trace", "is a SpAtten workload CSV (SpAtten's own kept counts, "
                    + "no Q/K/V data); " + design + " decides from the keys and queries",
                    "a Q/K/V trace (./spatten record, ./spatten synth, or an imported .safetensors)");
        }
        if (!Files.isRegularFile(Path.of(trace))) {
            throw InvalidInputException.of(trace, "--trace", "no such file", "a Q/K/V trace (.safetensors)");
        }
        return TraceAttentionSource.load(Path.of(trace));
    }

    /** Rows [0, t) of one KV head of a layer's [T, Hkv, D] matrix, contiguous: t x D floats. */
    public static float[] head(float[] layer, int t, int kvHeads, int d, int kvHead) {
        float[] out = new float[t * d];
        for (int p = 0; p < t; p++) {
            System.arraycopy(layer, (p * kvHeads + kvHead) * d, out, p * d, d);
        }
        return out;
    }

    /** Bytes of one row of {@code elements} values at {@code bits}, rounded up to whole transactions. */
    public static int rowBytes(int elements, int bits, int transactionBytes) {
        long bytes = ((long) elements * bits + 7) / 8;
        return (int) ((bytes + transactionBytes - 1) / transactionBytes * transactionBytes);
    }
}

package org.spattensim.accel.spatten.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.record.DecodeRecorder;
import org.spattensim.trace.record.Generation;
import org.spattensim.trace.record.RecorderModel;
import org.spattensim.trace.record.TokenSampler;

class DataDrivenProducerTest {
    @TempDir
    static Path dir;
    static Path trace;
    static TraceMetadata meta;

    @BeforeAll
    static void record() {
        DecodeRecorder rec = new DecodeRecorder(RecorderModel.loadDefault());
        Generation g = rec.generate("Once upon a time", 60, TokenSampler.greedy());
        trace = dir.resolve("stories.safetensors");
        meta = rec.writeDecodeTrace(g, trace, TraceDType.F32);
    }

    @Test
    void denseOutputsMatchTheRecordedProbabilities() {
        // Independent check: the model's own probabilities (recorded) times V equal our dense outputs.
        SpattenConfig dense = AblationStep.dense(SpattenPresets.full());
        AttentionSource src = TraceAttentionSource.load(trace);
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            int t = meta.sequenceLength();
            int hq = meta.queryHeads();
            int d = meta.headDim();
            float[] row = new float[t];
            double[] worst = {0};
            FunctionalResult res = new SpattenFunctionalModel(dense).run(src, (step, l, h, qp, out, ref) -> {
                r.readProbabilityRow(l, step, h, row, 0);
                int kh = h / (hq / meta.kvHeads());
                for (int e = 0; e < d; e++) {
                    double o = 0;
                    for (int j = 0; j <= qp; j++) {
                        o += row[j] * src.v(l)[(j * meta.kvHeads() + kh) * d + e];
                    }
                    worst[0] = Math.max(worst[0], Math.abs(o - out[e]));
                }
            });
            assertTrue(worst[0] < 1e-5, "max |recorded P·V − ours| = " + worst[0]);
            assertEquals(meta.steps() * meta.layers() * hq, res.workload().size());
            assertTrue(res.maxRelativeError() < 1e-9);
        }
    }

    @Test
    void fullDesignOnARealTraceGivesWorkloadAndErrors() {
        FunctionalResult res = DataDrivenProducer.fromTrace(trace, SpattenPresets.full());
        Workload w = res.workload();
        assertTrue(w.hasIndices());
        assertTrue(w.summary().keyKeepRatio() < 1);
        assertTrue(w.summary().valueKeepRatio() < w.summary().keyKeepRatio());
        assertEquals(meta.layers(), res.layerErrors().size());
        assertTrue(res.layerErrors().get(0).relativeL2() > 0, "quantization error in layer 0");
        // deterministic: the same trace and design give the same decisions and cycles
        Workload again = DataDrivenProducer.fromTrace(trace, SpattenPresets.full()).workload();
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.task(i), again.task(i));
        }
    }
}

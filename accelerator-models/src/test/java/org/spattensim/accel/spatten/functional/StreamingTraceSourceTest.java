package org.spattensim.accel.spatten.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;

/** A trace streamed a layer at a time gives the same decisions, indices and errors as the same trace held whole. */
class StreamingTraceSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"stories260k, decode, 40, 3", "bert-base, prefill, 24, 0"})
    void streamedEqualsWhole(String shape, String mode, int length, int steps) {
        Path trace = dir.resolve(shape + ".safetensors");
        SynthTraceWriter.write(trace, new SynthSpec(ModelShape.byName(shape),
                mode.equals("decode") ? TraceMode.DECODE : TraceMode.PREFILL, length, steps, 3, SynthParams.DEFAULTS,
                false, TraceDType.F32));
        AttentionSource whole = TraceAttentionSource.load(trace);
        assertTrue(!whole.streams(), "a small trace is held whole");
        StreamingTraceSource streamed;
        try (AttentionTraceReader r = AttentionTraceReader.open(trace)) {
            streamed = new StreamingTraceSource(trace, r.metadata(), whole.name(), whole.bidirectional());
        }
        SpattenConfig c = SpattenPresets.load("spatten");
        FunctionalResult a = new SpattenFunctionalModel(c).run(whole);
        FunctionalResult b = new SpattenFunctionalModel(c).run(streamed);
        Workload wa = a.workload();
        Workload wb = b.workload();
        assertEquals(wa.size(), wb.size());
        for (int j = 0; j < wa.size(); j++) {
            assertEquals(wa.task(j), wb.task(j), "task " + j);
            assertArrayEquals(wa.keyIndices(j), wb.keyIndices(j), "key indices of task " + j);
            assertArrayEquals(wa.valueIndices(j), wb.valueIndices(j), "value indices of task " + j);
        }
        assertEquals(a.layerErrors(), b.layerErrors());
    }
}

package org.spattensim.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.accel.kvstream.AttentionGroup;
import org.spattensim.accel.kvstream.AttentionGroups;
import org.spattensim.accel.kvstream.OutputError;
import org.spattensim.accel.spatten.functional.TraceAttentionSource;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;

/** A3 and MNNFast against closed forms: what they fetch, what bounds their time, what their knobs do. */
class KvStreamDesignsTest {
    @TempDir
    static Path dir;
    static Path trace;
    static List<AttentionGroup> groups;

    @BeforeAll
    static void trace() {
        trace = dir.resolve("gpt2ish.safetensors");
        SynthTraceWriter.write(trace, new SynthSpec(ModelShape.byName("stories260k"), TraceMode.DECODE, 60, 4, 3,
                SynthParams.DEFAULTS, false, TraceDType.F32));
        groups = AttentionGroups.of(TraceAttentionSource.load(trace));
    }

    static AcceleratorRun run(String model, String... sets) {
        return Accelerators.get(model).run(RunRequest.of(trace.toString(), List.of(sets)));
    }

    @Test
    void bothFetchEveryQueryKeyAndValueOfEveryGroupOnce() {
        // stories260k: D = 8 at 12 bit = 12 B, one 32 B transaction per row.
        long keys = 0;
        long queries = 0;
        for (AttentionGroup g : groups) {
            keys += g.contextLength();
            queries += g.queries();
        }
        for (String m : List.of("a3", "mnnfast")) {
            AcceleratorRun r = run(m);
            assertEquals(keys * 32, r.dramBytesByMatrix().get("key"), m);
            assertEquals(keys * 32, r.dramBytesByMatrix().get("value"), m);
            assertEquals(queries * 32, r.dramBytesByMatrix().get("query"), m);
            assertEquals(0L, r.dramBytesByMatrix().get("key_lsb"), m);
        }
    }

    @Test
    void a3TimeIsBoundedByItsSerialModules() {
        AcceleratorRun r = run("a3-offline-sort");
        long iterations = r.stats().counterValue("a3.iterations");
        long candidates = r.stats().counterValue("a3.candidates");
        assertTrue(r.cycles() >= iterations, r.cycles() + " >= " + iterations);
        assertTrue(r.cycles() >= candidates);
        assertEquals(iterations, r.stats().counterValue("unit.candidate_selection.busy_cycles"));
        AcceleratorRun sorted = run("a3");
        assertTrue(sorted.cycles() > r.cycles(), "sorting on chip costs time");
        assertTrue(sorted.stats().counterValue("a3.sort_cycles") > 0);
    }

    @Test
    void moreA3IterationsFindMoreCandidatesAndLoseLessAccuracy() {
        AcceleratorRun few = run("a3", "iterationFraction=0.1");
        AcceleratorRun many = run("a3", "iterationFraction=1.0");
        assertTrue(many.stats().counterValue("a3.candidates") > few.stats().counterValue("a3.candidates"));
        assertTrue(many.stats().value(OutputError.STAT) < few.stats().value(OutputError.STAT));
    }

    @Test
    void mnnFastZeroSkippingSavesOutputWorkOnly() {
        AcceleratorRun none = run("mnnfast", "zeroSkipThreshold=0");
        assertEquals(none.stats().counterValue("mnnfast.keys_scored"), none.stats().counterValue("mnnfast.values_computed"));
        assertEquals(0, none.stats().value(OutputError.STAT), 1e-12, "nothing skipped: exact");
        AcceleratorRun skip = run("mnnfast", "zeroSkipThreshold=0.05");
        assertTrue(skip.stats().counterValue("mnnfast.values_computed") < none.stats().counterValue("mnnfast.values_computed"));
        assertEquals(none.dramBytesRead(), skip.dramBytesRead(), "every value is fetched either way");
        assertEquals(none.stats().counterValue("mnnfast.keys_scored"), skip.stats().counterValue("mnnfast.keys_scored"));
    }
}

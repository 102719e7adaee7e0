package org.spattensim.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spattensim.accel.kvstream.OutputError;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.synth.ModelShape;
import org.spattensim.trace.synth.SynthParams;
import org.spattensim.trace.synth.SynthSpec;
import org.spattensim.trace.synth.SynthTraceWriter;

/** What every registered accelerator must keep, run on the same small decode and prefill traces. */
class AcceleratorContractTest {
    @TempDir
    static Path dir;
    static Path decode;
    static Path prefill;

    @BeforeAll
    static void traces() {
        decode = dir.resolve("decode.safetensors");
        SynthTraceWriter.write(decode, new SynthSpec(ModelShape.byName("stories260k"), TraceMode.DECODE, 48, 6, 1,
                SynthParams.DEFAULTS, false, TraceDType.F32));
        prefill = dir.resolve("prefill.safetensors");
        SynthTraceWriter.write(prefill, new SynthSpec(ModelShape.byName("stories260k"), TraceMode.PREFILL, 40, 0, 2,
                SynthParams.DEFAULTS, false, TraceDType.F32));
    }

    static Stream<String> models() {
        return Accelerators.names().stream();
    }

    @Test
    void theRegistryHoldsTheDesignsOfTheComparison() {
        List<String> names = Accelerators.names();
        for (String n : List.of("spatten", "spatten-1/8", "dense", "dense-1/8", "a3", "mnnfast")) {
            assertTrue(names.contains(n), n + " in " + names);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Accelerators.get("no-such-design"));
        assertTrue(e.getMessage().contains("a3"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelKeepsTheInvariants(String name) {
        AcceleratorModel m = Accelerators.get(name);
        for (Path trace : List.of(decode, prefill)) {
            AcceleratorRun r = m.run(RunRequest.of(trace.toString()));
            String what = name + " on " + trace.getFileName();
            assertEquals(name, r.model(), what);
            assertTrue(r.cycles() > 0, what);
            assertEquals(r.cycles() / (r.clockGhz() * 1e9), r.seconds(), 1e-15, what);
            long sum = r.dramBytesByMatrix().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(r.dramBytesRead(), sum, what + ": bytes by matrix add up");
            assertEquals(r.dramBytesRead(), r.dramTransactions() * 32L, what + ": whole 32 B transactions");
            assertTrue(r.dramBytesByMatrix().get("key") > 0 && r.dramBytesByMatrix().get("value") > 0, what);
            double categories = r.energyByCategory().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(r.energyPj(), categories, r.energyPj() * 1e-12, what + ": energy categories add up");
            assertTrue(r.energyByCategory().get("dram") > 0 && r.energyByCategory().get("logic") > 0, what);
            assertTrue(r.macs() > 0, what);
            assertTrue(r.stats().contains(OutputError.STAT), what + " reports its accuracy cost");
            assertTrue(r.stats().value(OutputError.STAT) >= 0, what);
            assertFalse(r.configYaml().isBlank(), what);
            // Deterministic: the same request gives the same statistics, bit for bit.
            assertEquals(r.stats().toJson(), m.run(RunRequest.of(trace.toString())).stats().toJson(), what);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void anUnknownOverrideIsRefusedNamingTheKey(String name) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Accelerators.get(name).run(RunRequest.of(decode.toString(), List.of("noSuchKey=1"))));
        assertTrue(e.getMessage().contains("noSuchKey"), e.getMessage());
    }
}

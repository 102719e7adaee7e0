package org.spattensim.trace.spatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.safetensors.DType;
import org.spattensim.trace.safetensors.SafetensorsFile;
import org.spattensim.trace.safetensors.SafetensorsWriter;

class SpattenDecisionTraceTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryRowAndTheProvenance() {
        SpattenWorkload w = BundledSpattenWorkloads.load("gpt2-small-wikitext2");
        Path p = dir.resolve("d.safetensors");
        SpattenDecisionTrace.write(p, w);
        SpattenWorkload back = SpattenDecisionTrace.read(p);
        assertEquals(w, back);
        assertEquals(w.tasks(), back.tasks());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertTrue(SpattenDecisionTrace.isDecisionTrace(f));
            assertEquals(DType.BOOL, f.tensor("if_requant").dtype());
            assertEquals(DType.I32, f.tensor("key_fetch_num").dtype());
            assertEquals(DType.F64, f.tensor("auto_requant_thres").dtype());
            assertEquals(4608, f.tensor("topk").dim(0));
        }
    }

    @Test
    void otherContainerIsRejectedByKind() {
        Path p = dir.resolve("other.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.builder().tensor("x", DType.I32, 1).open(p)) {
            w.writeInts("x", new int[] {1});
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenDecisionTrace.read(p));
        assertTrue(e.getMessage().contains("spatten_decisions.kind: missing"), e.getMessage());
    }

    @Test
    void inconsistentRowInContainerNamesTheRowAndColumn() {
        SpattenWorkload w = BundledSpattenWorkloads.load("small");
        Path p = dir.resolve("bad.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder()
                .metadata(SpattenDecisionTrace.KEY_KIND, "\"spatten-decisions\"")
                .metadata(SpattenDecisionTrace.KEY_SCHEMA_VERSION, "1")
                .metadata(SpattenDecisionTrace.KEY_SOURCE, "\"x\"")
                .metadata(SpattenDecisionTrace.KEY_SHA256, "\"\"")
                .metadata(SpattenDecisionTrace.KEY_CONFIG_NAME, "\"\"")
                .metadata(SpattenDecisionTrace.KEY_ORIGIN, "\"\"");
        for (SpattenColumn c : SpattenColumn.values()) {
            b.tensor(c.csvName(), c.kind() == SpattenColumn.Kind.REAL ? DType.F64
                    : c.kind() == SpattenColumn.Kind.BOOL ? DType.BOOL : DType.I32, 1);
        }
        try (SafetensorsWriter out = b.open(p)) {
            for (SpattenColumn c : SpattenColumn.values()) {
                if (c.kind() == SpattenColumn.Kind.REAL) {
                    out.writeDoubles(c.csvName(), w.realColumn());
                } else if (c.kind() == SpattenColumn.Kind.BOOL) {
                    out.writeBooleans(c.csvName(), new boolean[] {w.intColumn(c)[0] != 0});
                } else {
                    out.writeInts(c.csvName(), c == SpattenColumn.KEY_FETCH_NUM ? new int[] {5000} : w.intColumn(c));
                }
            }
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenDecisionTrace.read(p));
        assertTrue(e.getMessage().contains("row 0: column key_fetch_num (6): bad value 5000"), e.getMessage());
    }
}

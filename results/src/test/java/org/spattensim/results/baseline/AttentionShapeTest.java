package org.spattensim.results.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;
import org.spattensim.trace.TraceMode;
import org.spattensim.trace.TraceSchema;

class AttentionShapeTest {

    @Test
    void pairCountsFollowClosedForms() {
        AttentionShape full = AttentionShape.prefill(2, 4, 8, 10, false);
        assertEquals(100, full.neededPairsPerHead());
        assertEquals(100, full.densePairsPerHead());
        AttentionShape causal = AttentionShape.prefill(2, 4, 8, 10, true);
        assertEquals(55, causal.neededPairsPerHead());
        assertEquals(100, causal.densePairsPerHead());
        // decode: P = 992, 32 steps: sum_{s=0}^{31} (992 + s + 1) = 32 * 992 + 528
        AttentionShape gpt2 = AttentionShape.decode(12, 12, 64, 992, 32);
        assertEquals(992, gpt2.promptLength());
        assertEquals(1024, gpt2.contextLength());
        assertEquals(32L * 992 + 528, gpt2.neededPairsPerHead());
        assertEquals(4.0 * 64 * (32L * 992 + 528) * 12 * 12, gpt2.denseFlops());
        assertEquals(993, gpt2.keysForQuery(0));
        assertEquals(1024, gpt2.keysForQuery(31));
    }

    @Test
    void rejectsImpossibleShapesNamingTheField() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new AttentionShape(1, 12, 5, 64, 128, 128, AttentionShape.Mode.PREFILL, false));
        assertTrue(e.getMessage().contains("kvHeads"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> AttentionShape.prefill(0, 1, 1, 1, false));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new AttentionShape(1, 1, 1, 8, 16, 17, AttentionShape.Mode.PREFILL, false));
        assertTrue(e.getMessage().contains("queries"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new AttentionShape(1, 1, 1, 8, 16, 4, AttentionShape.Mode.DECODE, false));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        assertEquals(1, AttentionShape.decode(1, 1, 8, 0, 4).keysForQuery(0));   // empty prompt: step 0 sees itself
    }

    @Test
    void parsesPresetsAndCompactSpecs() {
        assertEquals(AttentionShape.decode(12, 12, 64, 992, 32), AttentionShape.parse("gpt2-small-decode"));
        assertEquals(AttentionShape.prefill(12, 12, 64, 512, false), AttentionShape.parse("prefill:12x12x64:512"));
        assertEquals(new AttentionShape(5, 8, 4, 8, 256, 256, AttentionShape.Mode.PREFILL, true),
                AttentionShape.parse("prefill:5x8x8:256,kv=4,causal"));
        assertEquals(new AttentionShape(5, 8, 4, 8, 256, 16, AttentionShape.Mode.DECODE, true),
                AttentionShape.parse("decode:5x8x8:256:16,kv=4"));
        for (String bad : new String[] {"", "decode:12x12x64:1024", "prefill:12x12:64", "train:1x1x1:1", "prefill:1x1x1:8,flash",
                "prefill:1xtwox1:8"}) {
            assertThrows(InvalidInputException.class, () -> AttentionShape.parse(bad), bad);
        }
    }

    @Test
    void shapeOfATrace() {
        TraceMetadata decode = new TraceMetadata(TraceSchema.VERSION, "stories260K", 5, 8, 4, 8, TraceMode.DECODE,
                TraceDType.F32, 40, 30, null, "", "", true, false, null);
        assertEquals(new AttentionShape(5, 8, 4, 8, 40, 10, AttentionShape.Mode.DECODE, true), AttentionShape.of(decode));
        TraceMetadata prefill = new TraceMetadata(TraceSchema.VERSION, "stories260K", 5, 8, 4, 8, TraceMode.PREFILL,
                TraceDType.F32, 40, 40, null, "", "", true, false, null);
        assertEquals(new AttentionShape(5, 8, 4, 8, 40, 40, AttentionShape.Mode.PREFILL, true), AttentionShape.of(prefill));
    }
}

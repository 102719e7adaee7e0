package org.spattensim.results.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

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
                () -> new AttentionShape(1, 1, 1, 8, 16, 16, AttentionShape.Mode.DECODE, true));
        assertTrue(e.getMessage().contains("prompt"), e.getMessage());
    }
}

package org.spattensim.accel.spatten.functional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.TraceDType;
import org.spattensim.trace.TraceMetadata;

/** A trace whose Q/K/V cannot fit the heap is refused from its metadata, with the numbers, before any read. */
class TraceHeapCheckTest {
    private static TraceMetadata meta(int layers, int positions) {
        return TraceMetadata.builder().model("check").shape(layers, 32, 8, 128).decode(positions - 2, 2)
                .dtype(TraceDType.F16).probabilities(false).build();
    }

    @Test
    void aTraceLargerThanTheHeapIsRefusedWithItsSize() {
        // One layer of 64M positions x 8 KV heads x 128 floats, with its copies: 1,280 GiB; no test heap holds it.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TraceAttentionSource.requireHeap("big.safetensors", meta(32, 1 << 26)));
        assertTrue(e.getMessage().contains("big.safetensors") && e.getMessage().contains("GiB")
                && e.getMessage().contains("-Xmx"), e.getMessage());
        assertDoesNotThrow(() -> TraceAttentionSource.requireHeap("small.safetensors", meta(2, 64)));
    }
}

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
        // 32 layers x 32k positions x 48 heads x 128 floats = 24 GiB: more than any test JVM's heap.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TraceAttentionSource.requireHeap("big.safetensors", meta(32, 32768)));
        assertTrue(e.getMessage().contains("big.safetensors") && e.getMessage().contains("24.00 GiB")
                && e.getMessage().contains("-Xmx"), e.getMessage());
        assertDoesNotThrow(() -> TraceAttentionSource.requireHeap("small.safetensors", meta(2, 64)));
    }
}

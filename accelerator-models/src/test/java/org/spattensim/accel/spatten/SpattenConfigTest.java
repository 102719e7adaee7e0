package org.spattensim.accel.spatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.topk.TopKLatencyKind;
import org.spattensim.common.InvalidInputException;

class SpattenConfigTest {
    static final int KEEP_RECENT = 16;


    static SpattenConfig full() {
        return new SpattenConfig("spatten",
                new SpattenConfig.Compute(512, 512, 64, 1.0),
                new SpattenConfig.TopK(16, TopKLatencyKind.RTL_SIM, 4, 1),
                new SpattenConfig.Buffers(256, 256, 512, 12),
                new SpattenConfig.Memory("HBM2", 16, 32, 32, 16, org.spattensim.accel.fetch.AddressLayout.REGIONS),
                new SpattenConfig.Quantization(true, true, 6, 4, 6, 16, 0.1, 12),
                new SpattenConfig.Pruning(true, true, true,
                        new SpattenConfig.Schedule(0.15, 0.2, 0.1, List.of()),
                        new SpattenConfig.Schedule(0.3, 0.05, 0.0, List.of()), 0.8, KEEP_RECENT),
                new SpattenConfig.Latency(1, 1, 9, 7, 21, 23, 29, 7, 1, 1, 1));
    }

    @Test
    void derivedQuantitiesOfTheFullDesign() {
        SpattenConfig c = full();
        assertEquals(8, c.compute().scoresPerCycle());
        assertEquals(1024, c.compute().totalMultipliers());
        assertEquals(196_608, c.buffers().keyBufferBytes());
        assertEquals(196_608, c.buffers().valueBufferBytes());
        assertEquals(11, c.latency().qkPipeline());
        assertEquals(87, c.latency().softmaxPipeline());
        assertEquals(3, c.latency().pvPipeline());
        assertEquals(0.3, c.pruning().token().end(), 1e-12);
    }

    @Test
    void badValuesNameTheField() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SpattenConfig.Compute(500, 512, 64, 1.0));
        assertTrue(e.getMessage().contains("compute.qkMultipliers"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new SpattenConfig.Memory("HBM2", 16, 30, 32));
        assertTrue(e.getMessage().contains("memory.transactionBytes"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new SpattenConfig.Memory("HBM3_nope", 16, 32, 32));
        assertTrue(e.getMessage().contains("memory.dramPreset") && e.getMessage().contains("HBM2"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new SpattenConfig.Quantization(true, true, 6, 4, 6, 16, 1.5, 12));
        assertTrue(e.getMessage().contains("quant.requantThreshold"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new SpattenConfig.Pruning(true, true, true,
                new SpattenConfig.Schedule(0.15, 0.2, 0.5, List.of()),
                new SpattenConfig.Schedule(0.3, 0.05, 0.0, List.of()), 0.8, KEEP_RECENT));
        assertTrue(e.getMessage().contains("pruning.token.start"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new SpattenConfig.Pruning(true, true, true,
                new SpattenConfig.Schedule(0.15, 0.2, 0.1, List.of(0.1, 1.2)),
                new SpattenConfig.Schedule(0.3, 0.05, 0.0, List.of()), 0.8, KEEP_RECENT));
        assertTrue(e.getMessage().contains("pruning.token.perLayer[1]"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new SpattenConfig.Quantization(false, true, 6, 4, 6, 16, 0.1, 12));
        assertTrue(e.getMessage().contains("quant.progressive"), e.getMessage());
    }
}

package org.spattensim.accel.spatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.topk.TopKLatencyKind;
import org.spattensim.common.InvalidInputException;

class SpattenPresetsTest {
    @Test
    void fullPresetIsTheHandBuiltDesign() {
        assertEquals(SpattenConfigTest.full(), SpattenPresets.full());
    }

    @Test
    void eighthPresetIsTheReleasedScaledDownRun() {
        SpattenConfig c = SpattenPresets.eighth();
        assertEquals("spatten-1/8", c.name());
        assertEquals(128, c.compute().totalMultipliers());
        assertEquals(1, c.compute().scoresPerCycle());
        assertEquals(2048, c.buffers().keyLines());
        assertEquals(196_608, c.buffers().keyBufferBytes());
        assertEquals(2, c.memory().channels());
        assertEquals(16, c.topk().parallelism());
        // The release's own DRAM (Ramulator 2.0 HBM2_2Gbps as it runs it) and its DPI port limit.
        assertEquals("HBM2_SpAtten", c.memory().dramPreset());
        assertEquals(16, c.memory().maxPendingPerChannel());
        assertEquals(0, c.latency().softmaxPipeline(), "the released RTL's softmax is a pass-through");
        assertEquals(c, SpattenPresets.load("spatten-1-8"));
    }

    @Test
    void overridesApplyAndUnknownKeysAreRejected() {
        SpattenConfig c = SpattenPresets.load("spatten",
                List.of("topk.parallelism=32", "topk.latencyModel=CPP_MODEL", "pruning.token.perLayer=[0,0,0.5]"));
        assertEquals(32, c.topk().parallelism());
        assertEquals(TopKLatencyKind.CPP_MODEL, c.topk().latencyModel());
        assertEquals(List.of(0.0, 0.0, 0.5), c.pruning().token().perLayer());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SpattenPresets.load("spatten", List.of("topk.comparators=8")));
        assertTrue(e.getMessage().contains("comparators"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SpattenPresets.load("spatten", List.of("compute.qkMultipliers=100")));
        assertTrue(e.getMessage().contains("qkMultipliers"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> SpattenPresets.load("no-such-design"));
    }
}

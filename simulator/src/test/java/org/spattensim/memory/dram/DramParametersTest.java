package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.memory.dram.mapping.MappingScheme;

class DramParametersTest {
    static DramTiming ddr4Timing() {
        return new DramTiming(4, 17, 12, 17, 17, 17, 39, 56, 18, 9, 4, 6, 4, 6, 3, 9, 26, 420, 9360, 2);
    }

    static DramOrganization ddr4Org() {
        return new DramOrganization("DDR4", 1, 1, 1, 4, 4, 65536, 8192, 64, 2400);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void organizationRejectsImpossibleValues() {
        assertTrue(message(() -> new DramOrganization("DDR4", 0, 1, 1, 4, 4, 65536, 8192, 64, 2400))
                .contains("channels: got 0"));
        assertTrue(message(() -> new DramOrganization("DDR4", 3, 1, 1, 4, 4, 65536, 8192, 64, 2400))
                .contains("power of two"));
        assertTrue(message(() -> new DramOrganization("DDR4", 1, 1, 1, 4, 4, 65536, 8192, 60, 2400))
                .contains("busWidthBits"));
        assertTrue(message(() -> new DramOrganization("DDR4", 1, 1, 1, 4, 4, 65536, 8192, 64, -1))
                .contains("dataRateMtps: got -1"));
        assertTrue(message(() -> new DramOrganization(" ", 1, 1, 1, 4, 4, 65536, 8192, 64, 2400))
                .contains("standard"));
    }

    @Test
    void timingRejectsNegativeAndInconsistentValues() {
        assertTrue(message(() -> new DramTiming(4, -17, 12, 17, 17, 17, 39, 56, 18, 9, 4, 6, 4, 6, 3, 9, 26, 420, 9360, 2))
                .contains("DRAM timing: timing.nCL: got -17"));
        String m = message(() -> new DramTiming(4, 17, 12, 17, 17, 17, 60, 56, 18, 9, 4, 6, 4, 6, 3, 9, 26, 420, 9360, 2));
        assertTrue(m.contains("nRAS") && m.contains("nRC = 56"), m);
        assertTrue(message(() -> new DramTiming(4, 17, 12, 17, 17, 17, 39, 56, 18, 9, 8, 6, 4, 6, 3, 9, 26, 420, 9360, 2))
                .contains("nCCDS"));
        assertTrue(message(() -> new DramTiming(4, 17, 12, 17, 17, 17, 39, 56, 18, 9, 4, 6, 4, 6, 3, 9, 26, 9360, 9360, 2))
                .contains("nRFC"));
        assertTrue(message(() -> new DramTiming(0, 17, 12, 17, 17, 17, 39, 56, 18, 9, 4, 6, 4, 6, 3, 9, 26, 420, 9360, 2))
                .contains("nBL: got 0"));
    }

    @Test
    void controllerAndCrossFieldChecks() {
        assertTrue(message(() -> new DramControllerConfig(0, 32, 0.8, 0.2, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, 64))
                .contains("readQueueSize: got 0"));
        assertTrue(message(() -> new DramControllerConfig(32, 32, 0.2, 0.5, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, 64))
                .contains("writeLowWatermark"));
        assertTrue(message(() -> new DramControllerConfig(32, 32, 0.8, 0.2, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, 48))
                .contains("transactionBytes"));
        // The Ramulator 2.0 controller never leaves write-drain mode at a low watermark of 0 (reads would starve and
        // the run would not end); our FR-FCFS controller leaves it when the write queue empties, so 0 stays legal there.
        assertTrue(message(() -> new DramControllerConfig(32, 32, 0.8, 0, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, 32,
                ControllerModel.RAMULATOR2)).contains("controller.writeLowWatermark: got 0 with controller.model RAMULATOR2"));
        new DramControllerConfig(32, 32, 0.8, 0, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, 32, ControllerModel.FRFCFS);
        String m = message(() -> new DramConfig("x", ddr4Org(), ddr4Timing(), DramControllerConfig.defaults(128)));
        assertTrue(m.contains("controller.transactionBytes") && m.contains("64"), m);
        DramOrganization tinyRows = new DramOrganization("DDR4", 1, 1, 1, 4, 4, 65536, 32, 64, 2400);
        assertTrue(message(() -> new DramConfig("x", tinyRows, ddr4Timing(), DramControllerConfig.defaults(64)))
                .contains("rowBytes"));
    }

    @Test
    void presetsLoadByNameAndAlias() {
        assertEquals(List.of("HBM2_8Gb_2Gbps", "HBM2_8Gb_2Gbps_SpAtten", "DDR4_8Gb_x8_2400", "DDR4_8Gb_x16_3200"),
                DramPresets.names());
        assertEquals("HBM2_8Gb_2Gbps", DramPresets.load("HBM2").name());
        assertEquals("HBM2_8Gb_2Gbps_SpAtten", DramPresets.load("HBM2_SpAtten").name());
        assertEquals("DDR4_8Gb_x8_2400", DramPresets.load("DDR4-2400").name());
        assertEquals("DDR4_8Gb_x16_3200", DramPresets.load("DDR4-3200").name());
        assertEquals(ddr4Timing(), DramPresets.load("DDR4-2400").timing());
    }

    @Test
    void spattenPresetHasHalfTheJedecCoreTimings() {
        DramTiming jedec = DramPresets.load("HBM2").timing();
        DramTiming spatten = DramPresets.load("HBM2_SpAtten").timing();
        assertEquals(jedec.nCL(), 2 * spatten.nCL());
        assertEquals(jedec.nRCD(), 2 * spatten.nRCD());
        assertEquals(jedec.nRP(), 2 * spatten.nRP());
        assertEquals(jedec.nRAS(), 2 * spatten.nRAS());
        assertEquals(jedec.nFAW(), 2 * spatten.nFAW());
        assertEquals(32, DramPresets.load("HBM2_SpAtten").controller().transactionBytes());
    }

    @Test
    void peakBandwidthFromWidthAndRate() {
        assertEquals(32.0, DramPresets.load("HBM2").organization().peakGbpsPerChannel(), 1e-9);
        assertEquals(32.0, DramPresets.load("HBM2_SpAtten").organization().peakGbpsPerChannel(), 1e-9);
        assertEquals(512.0, DramPresets.load("HBM2_SpAtten").organization().peakGbps(), 1e-9);
        assertEquals(19.2, DramPresets.load("DDR4-2400").organization().peakGbps(), 1e-9);
        assertEquals(25.6, DramPresets.load("DDR4-3200").organization().peakGbps(), 1e-9);
        assertEquals(1.0, DramPresets.load("HBM2").organization().tCkNs(), 1e-12);
    }

    @Test
    void overridesAndBadNamesAreRejectedWithTheKey() {
        DramConfig c = DramPresets.load("DDR4-2400", List.of("organization.ranks=2", "controller.mapping=RoBaRaCoBgCh")).value();
        assertEquals(2, c.organization().ranks());
        assertEquals(MappingScheme.RoBaRaCoBgCh, c.controller().mapping());
        assertTrue(message(() -> DramPresets.load("DDR5-9999")).contains("DDR5-9999"));
        assertTrue(message(() -> DramPresets.load("HBM2", List.of("timing.nXYZ=3"))).contains("nXYZ"));
        String m = message(() -> DramPresets.load("HBM2", List.of("timing.nRAS=100")));
        assertTrue(m.contains("nRAS"), m);
        assertTrue(message(() -> DramPresets.load("HBM2", List.of("organization.channels=0"))).contains("channels"));
    }
}

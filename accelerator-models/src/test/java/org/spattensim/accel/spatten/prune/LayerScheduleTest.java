package org.spattensim.accel.spatten.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.common.InvalidInputException;

class LayerScheduleTest {
    @Test
    void rampSkipsTheFirstLayersAndAveragesToTheMean() {
        LayerSchedule s = LayerSchedule.of(new SpattenConfig.Schedule(0.15, 0.2, 0.1, List.of()), 12, true, "t");
        assertEquals(2, s.firstPrunedLayer()); // 15% of 12 = 1.8 -> layers 0 and 1 unpruned
        assertEquals(0, s.ratio(1));
        assertEquals(0.1, s.ratio(2), 1e-12);
        assertEquals(0.3, s.ratio(11), 1e-12);
        double sum = 0;
        for (int l = 2; l < 12; l++) {
            sum += s.ratio(l);
        }
        assertEquals(0.2, sum / 10, 1e-12); // r_start + r_end = 2 r_avg
        double keep = 1;
        for (int l = 0; l < 12; l++) {
            keep *= 1 - s.ratio(l);
            assertEquals(keep, s.keep(l), 1e-12);
        }
        assertEquals((int) Math.floor(1024 * s.keep(5)), s.kept(1024, 5));
        LayerSchedule h = LayerSchedule.of(new SpattenConfig.Schedule(0.3, 0.05, 0.0, List.of()), 12, true, "h");
        assertEquals(4, h.firstPrunedLayer()); // 30% of 12 = 3.6
        assertEquals(2, LayerSchedule.of(new SpattenConfig.Schedule(0.3, 0.05, 0.0, List.of()), 5, true, "h")
                .firstPrunedLayer());
    }

    @Test
    void perLayerListReplacesTheRampAndMustMatchTheLayerCount() {
        SpattenConfig.Schedule sch = new SpattenConfig.Schedule(0.15, 0.2, 0.1, List.of(0.0, 0.5, 0.5));
        LayerSchedule s = LayerSchedule.of(sch, 3, true, "pruning.token");
        assertEquals(1, s.firstPrunedLayer());
        assertEquals(0.25, s.keep(2), 1e-12);
        assertEquals(25, s.kept(100, 2));
        assertThrows(InvalidInputException.class, () -> LayerSchedule.of(sch, 4, true, "pruning.token"));
        assertEquals(100, LayerSchedule.of(sch, 3, false, "pruning.token").kept(100, 2));
    }
}

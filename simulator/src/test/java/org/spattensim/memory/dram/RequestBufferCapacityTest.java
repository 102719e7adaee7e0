package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.memory.dram.mapping.AddressMapping;

/**
 * How many reads a channel takes in one cycle before it refuses one. Ramulator 2.0's ReqBuffer accepts while
 * {@code size() <= max_size} ([R20] src/base/request.h), so the Ramulator 2 controller holds the configured size plus
 * one; our FR-FCFS controller holds the configured size.
 */
class RequestBufferCapacityTest {
    @ParameterizedTest
    @CsvSource({"RAMULATOR2, 32, 33", "RAMULATOR2, 8, 9", "FRFCFS, 32, 32"})
    void readsTakenInOneCycle(ControllerModel model, int size, int expected) {
        DramConfig c = DramPresets.load("HBM2_SpAtten", List.of("controller.model=" + model,
                "controller.readQueueSize=" + size, "organization.rowBytes=1024")).value().withChannels(1);
        DramSystem sys = new DramSystem(c);
        AddressMapping m = sys.mapping();
        int taken = 0;
        // Every read to a different row of one bank: none can complete or leave the buffer within the cycle.
        while (taken < 2 * size && sys.enqueue(0, m.compose(0, 0, 0, 0, 0, taken + 1, 0), false, taken)) {
            taken++;
        }
        assertEquals(expected, taken);
    }
}

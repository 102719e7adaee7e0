package org.spattensim.accel.spatten.workload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

/** Settings a workload kind would ignore are refused, naming the key, instead of changing nothing silently. */
class IgnoredSettingsTest {
    @Test
    void aCsvWorkloadRefusesPruningAndQuantizationWidths() {
        for (String set : List.of("pruning.token.average=0.5", "pruning.valuePruneRatio=0.5", "quant.keyMsbBits=8",
                "quant.requantThreshold=0.2")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> WorkloadLoader.refuseIgnored("gpt2-small-wikitext2", List.of(set)));
            String key = set.substring(0, set.indexOf('='));
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains("decision-driven"), e.getMessage());
        }
        assertDoesNotThrow(() -> WorkloadLoader.refuseIgnored("my.csv", List.of("memory.channels=4",
                "quant.csvRequant=RELEASE_TESTBENCH", "topk.parallelism=32")));
    }

    @Test
    void aTraceRefusesTheCsvRefetchReading() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WorkloadLoader.refuseIgnored("run.safetensors", List.of("quant.csvRequant=RELEASE_TESTBENCH")));
        assertTrue(e.getMessage().contains("quant.csvRequant"), e.getMessage());
        assertDoesNotThrow(() -> WorkloadLoader.refuseIgnored("run.safetensors", List.of("pruning.token.average=0.3")));
    }
}

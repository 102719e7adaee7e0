package org.spattensim.results.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class BaselineRegistryTest {

    @Test
    void namesEveryBaselineOfTheIssue() {
        BaselineRegistry r = BaselineRegistry.defaults();
        for (String n : new String[] {"cpu", "gpu:titan-xp", "gpu:v100", "gpu:a100", "gpu:h100", "gpu:jetson-nano",
                "gpu:titan-xp:eager"}) {
            assertTrue(r.names().contains(n), n);
            assertEquals(n, r.get(n).name());
        }
    }

    @Test
    void gpuWithoutMeasurementIsModelled() {
        BaselineResult res = BaselineRegistry.defaults().get("gpu:h100").evaluate(AttentionShape.decode(12, 12, 64, 992, 32));
        assertFalse(res.measured());
        assertTrue(res.latencySeconds() > 0 && res.energyJoules() > 0);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BaselineRegistry.defaults().get("gpu:k80"));
        assertTrue(e.getMessage().contains("gpu:k80") && e.getMessage().contains("gpu:h100"), e.getMessage());
    }
}

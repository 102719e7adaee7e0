package org.spattensim.engine.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.stats.StatsRegistry;

class PipelinedUnitTest {

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,4,1", "7,3,2", "100,5,5", "1000,12,3", "64,0,1"})
    void nItemsFinishAtClosedForm(int n, int latency, int ii) {
        long ready = 17;
        PipelinedUnit u = new PipelinedUnit("u", latency, ii);
        long last = 0;
        for (int i = 0; i < n; i++) {
            last = u.issue(ready);
        }
        assertEquals(ready + (long) (n - 1) * ii + latency, last);
        assertEquals(n, u.items());
        assertEquals((long) n * ii, u.busyCycles());
        assertEquals(ready, u.idleCycles());
        // Item i waits i * II cycles.
        assertEquals((long) ii * n * (n - 1) / 2, u.stallCycles());
        assertEquals(u.busyCycles() + u.idleCycles() + u.backPressureCycles(), u.nextFree());

        PipelinedUnit b = new PipelinedUnit("b", latency, ii);
        assertEquals(last, b.issueBatch(ready, n));
        assertEquals(u.items(), b.items());
        assertEquals(u.busyCycles(), b.busyCycles());
        assertEquals(u.idleCycles(), b.idleCycles());
        assertEquals(u.stallCycles(), b.stallCycles());
        assertEquals(u.nextFree(), b.nextFree());
    }

    @Test
    void batchAfterBusyUnitMatchesSingleIssues() {
        PipelinedUnit a = new PipelinedUnit("a", 6, 2);
        PipelinedUnit b = new PipelinedUnit("b", 6, 2);
        a.issue(0);
        b.issue(0);
        long last = 0;
        for (int i = 0; i < 9; i++) {
            last = a.issue(1);
        }
        assertEquals(last, b.issueBatch(1, 9));
        assertEquals(a.stallCycles(), b.stallCycles());
        assertEquals(a.lastStart(), b.lastStart());
    }

    @Test
    void idleGapsAreCountedWhenInputIsSlowerThanTheUnit() {
        PipelinedUnit u = new PipelinedUnit("u", 3, 1);
        // Items arrive every 4 cycles; the unit could take one per cycle.
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = u.issue(4L * i);
        }
        assertEquals(4 * 9 + 3, last);
        assertEquals(10, u.busyCycles());
        assertEquals(9 * 3, u.idleCycles());
        assertEquals(0, u.stallCycles());
        assertEquals(0.25, u.utilization(40), 1e-12);
        assertEquals(27 + 10, u.idleCyclesUntil(47));
    }

    @Test
    void blockedOutputFreezesThePipeline() {
        PipelinedUnit u = new PipelinedUnit("u", 4, 1);
        assertEquals(4, u.issue(0, 0));
        assertEquals(10, u.issue(0, 10)); // would finish at 5; frozen 5 cycles
        assertEquals(5, u.backPressureCycles());
        assertEquals(2 + 5, u.nextFree());
        assertEquals(11, u.issue(0));
        assertEquals(u.busyCycles() + u.idleCycles() + u.backPressureCycles(), u.nextFree());
    }

    @Test
    void rejectsImpossibleParametersNamingTheField() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PipelinedUnit("qk", -1, 1));
        assertTrue(e.getMessage().contains("latency") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new PipelinedUnit("qk", 1, 0));
        assertTrue(e.getMessage().contains("initiationInterval"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new PipelinedUnit(" ", 1, 1));
    }

    @Test
    void registersStatsUnderItsName() {
        StatsRegistry stats = new StatsRegistry();
        PipelinedUnit u = new PipelinedUnit("spatten.qk", 2, 1);
        u.registerStats(stats);
        u.issueBatch(3, 5);
        assertEquals(5, stats.counterValue("spatten.qk.items"));
        assertEquals(5, stats.counterValue("spatten.qk.busy_cycles"));
        assertEquals(3, stats.counterValue("spatten.qk.idle_cycles"));
        assertEquals(10, stats.counterValue("spatten.qk.stall_cycles"));
        u.reset();
        assertEquals(0, stats.counterValue("spatten.qk.items"));
    }
}

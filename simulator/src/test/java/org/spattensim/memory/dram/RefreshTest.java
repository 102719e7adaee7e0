package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.mapping.MappingScheme;
import org.spattensim.memory.dram.traffic.DramRunResult;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

/** Refresh costs what its parameters say: a rank is unavailable for about tRFC of every tREFI. */
class RefreshTest {
    private static DramTiming withRefresh(DramTiming t, int nRFC, int nREFI) {
        return new DramTiming(t.nBL(), t.nCL(), t.nCWL(), t.nRCD(), t.nRCDWR(), t.nRP(), t.nRAS(), t.nRC(), t.nWR(),
                t.nRTP(), t.nCCDS(), t.nCCDL(), t.nRRDS(), t.nRRDL(), t.nWTRS(), t.nWTRL(), t.nFAW(), nRFC, nREFI,
                t.nRTRS());
    }

    @Test
    void refreshTakesTrfcOutOfEveryTrefi() {
        // Bank-group-interleaved sequential reads run at the data-bus limit, so lost time shows up 1:1.
        DramConfig c = DramPresets.load("DDR4-2400").withMapping(MappingScheme.RoBaRaCoBgCh);
        DramTiming t = c.timing();
        DramConfig noRefresh = c.withTiming(withRefresh(t, 1, Integer.MAX_VALUE / 2));
        TrafficSpec spec = TrafficSpec.reads(TrafficPattern.SEQUENTIAL, 100_000);
        DramRunResult with = DramTrafficRunner.run(new DramSystem(c), spec);
        DramRunResult without = DramTrafficRunner.run(new DramSystem(noRefresh), spec);
        assertEquals(0, without.refreshes());
        assertEquals(with.cycles() / t.nREFI(), with.refreshes(), 1.0);
        double lost = 1.0 - (double) without.cycles() / with.cycles();
        double closedForm = (double) t.nRFC() / t.nREFI();
        // Besides tRFC, each refresh waits for open rows to close (tRAS/tRTP, tRP) and reopens them (tRCD).
        double slack = (double) (t.nRAS() + t.nRP() + t.nRCD() + t.nCL()) / t.nREFI();
        assertTrue(lost >= closedForm * 0.95 && lost <= closedForm + slack,
                "lost " + lost + ", tRFC/tREFI = " + closedForm);
    }

    @Test
    void longerRefreshCostsProportionally() {
        DramConfig c = DramPresets.load("DDR4-2400").withMapping(MappingScheme.RoBaRaCoBgCh);
        DramTiming t = c.timing();
        TrafficSpec spec = TrafficSpec.reads(TrafficPattern.SEQUENTIAL, 100_000);
        long base = DramTrafficRunner.run(new DramSystem(c.withTiming(withRefresh(t, 1, Integer.MAX_VALUE / 2))), spec).cycles();
        long r1 = DramTrafficRunner.run(new DramSystem(c.withTiming(withRefresh(t, 400, 4000))), spec).cycles();
        long r2 = DramTrafficRunner.run(new DramSystem(c.withTiming(withRefresh(t, 800, 4000))), spec).cycles();
        double lost1 = 1.0 - (double) base / r1;
        double lost2 = 1.0 - (double) base / r2;
        assertEquals(0.1, lost1, 0.03);
        assertEquals(0.2, lost2, 0.03);
    }
}

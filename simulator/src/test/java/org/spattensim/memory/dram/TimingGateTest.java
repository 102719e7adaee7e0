package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.checker.TimingChecker;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;
import org.spattensim.memory.dram.mapping.AddressMapping;

/** Single timing gates on an idle DDR4-2400 channel (tRCD 17, CL 17, burst 4, tCCD_S/L 4/6, tRRD_S 4, tFAW 26). */
class TimingGateTest {
    private final DramConfig cfg = DramPresets.load("DDR4-2400");
    private final DramTiming t = cfg.timing();
    private final List<long[]> done = new ArrayList<>();
    private final DramSystem sys = new DramSystem(cfg, (id, write, cycle) -> done.add(new long[] {id, cycle}));
    private final CommandLog log = sys.enableCommandLog();
    private final AddressMapping m = sys.mapping();

    private long addr(int bg, int bank, int row, int col) {
        return m.compose(0, 0, 0, bg, bank, row, col);
    }

    private long cycleOf(DramCommand c, int nth) {
        int seen = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.command(i) == c && seen++ == nth) {
                return log.cycle(i);
            }
        }
        throw new AssertionError("no " + c + " #" + nth);
    }

    private void assertNoViolation() {
        assertEquals(List.of(), new TimingChecker(cfg).check(log));
    }

    @Test
    void firstReadIssuesTrcdAfterActAndCompletesAfterClPlusBurst() {
        assertTrue(sys.enqueue(0, addr(0, 0, 5, 3), false, 42));
        sys.drain();
        assertEquals(0, cycleOf(DramCommand.ACT, 0));
        assertEquals(t.nRCD(), cycleOf(DramCommand.RD, 0));
        assertEquals(1, done.size());
        assertEquals(42, done.get(0)[0]);
        assertEquals(t.nRCD() + t.nCL() + t.nBL(), done.get(0)[1]);
        assertEquals(1, sys.stats().rowMisses());
        assertNoViolation();
    }

    @Test
    void rowHitsInOneBankGroupAreTccdLApartAndAcrossGroupsTccdS() {
        sys.enqueue(0, addr(0, 0, 1, 0), false, 0);
        sys.enqueue(1, addr(1, 0, 1, 0), false, 1);
        sys.drain();
        long c = sys.now() + 10;
        sys.enqueue(c, addr(0, 0, 1, 1), false, 2);
        sys.enqueue(c + 1, addr(0, 0, 1, 2), false, 3);
        sys.drain();
        assertEquals(t.nCCDL(), cycleOf(DramCommand.RD, 3) - cycleOf(DramCommand.RD, 2));
        long c2 = sys.now() + 10;
        sys.enqueue(c2, addr(0, 0, 1, 3), false, 4);
        sys.enqueue(c2 + 1, addr(1, 0, 1, 3), false, 5);
        sys.drain();
        assertEquals(t.nCCDS(), cycleOf(DramCommand.RD, 5) - cycleOf(DramCommand.RD, 4));
        assertEquals(2, sys.stats().activates());
        assertEquals(4, sys.stats().rowHits());
        assertNoViolation();
    }

    @Test
    void rowConflictWaitsForTrasThenTrp() {
        sys.enqueue(0, addr(0, 0, 1, 0), false, 0);
        sys.enqueue(1, addr(0, 0, 2, 0), false, 1);
        sys.drain();
        long pre = cycleOf(DramCommand.PRE, 0);
        assertEquals(Math.max(t.nRAS(), t.nRCD() + t.nRTP()), pre);
        assertEquals(Math.max(pre + t.nRP(), t.nRC()), cycleOf(DramCommand.ACT, 1));
        assertEquals(cycleOf(DramCommand.ACT, 1) + t.nRCD(), cycleOf(DramCommand.RD, 1));
        assertEquals(1, sys.stats().rowConflicts());
        assertNoViolation();
    }

    @Test
    void fifthActivateWaitsForTheFourActivateWindow() {
        for (int i = 0; i < 5; i++) {
            sys.enqueue(i, addr(i % 4, i / 4, 1, 0), false, i);
        }
        sys.drain();
        for (int i = 1; i < 4; i++) {
            assertEquals(i * t.nRRDS(), cycleOf(DramCommand.ACT, i));
        }
        assertEquals(t.nFAW(), cycleOf(DramCommand.ACT, 4));
        assertNoViolation();
    }

    @Test
    void readAfterWriteInTheSameBankGroupWaitsForTwtrL() {
        sys.enqueue(0, addr(0, 0, 1, 0), true, 0);
        sys.advanceTo(t.nRCDWR() + 3);
        sys.enqueue(sys.now(), addr(0, 0, 1, 1), false, 1);
        sys.drain();
        long wr = cycleOf(DramCommand.WR, 0);
        assertEquals(t.nRCDWR(), wr);
        assertEquals(wr + t.nCWL() + t.nBL() + t.nWTRL(), cycleOf(DramCommand.RD, 0));
        assertNoViolation();
    }

    @Test
    void idleSystemOnlyRefreshesOncePerTrefi() {
        assertEquals(t.nREFI(), sys.nextEventCycle());
        sys.advanceTo(10L * t.nREFI() + 1);
        assertEquals(10, sys.stats().refreshes());
        for (int i = 0; i < 10; i++) {
            assertEquals((i + 1L) * t.nREFI(), cycleOf(DramCommand.REF, i));
        }
        sys.enqueue(sys.now() + 5, addr(0, 0, 0, 0), false, 0);
        // The next event is the request's ACT, as soon as the last refresh's tRFC has passed.
        long act = Math.max(sys.now(), cycleOf(DramCommand.REF, 9) + t.nRFC());
        assertEquals(act, sys.nextEventCycle());
        sys.drain();
        assertEquals(act, cycleOf(DramCommand.ACT, 0));
        assertNoViolation();
    }

    @Test
    void fullQueueRefusesAndRecoversAfterAnEvent() {
        int accepted = 0;
        for (int i = 0; i < 40; i++) {
            if (sys.canAccept(addr(0, 0, i, 0), false)) {
                assertTrue(sys.enqueue(0, addr(0, 0, i, 0), false, i));
                accepted++;
            } else {
                assertFalse(sys.enqueue(0, addr(0, 0, i, 0), false, i));
            }
        }
        assertEquals(cfg.controller().readQueueSize(), accepted);
        while (!sys.canAccept(addr(0, 0, 99, 0), false)) {
            sys.advanceTo(sys.nextEventCycle() + 1);
        }
        assertEquals(t.nRCD() + 1, sys.now(), "the first RD (at tRCD) frees the first slot");
        sys.drain();
        assertEquals(accepted, done.size());
        assertNoViolation();
    }
}

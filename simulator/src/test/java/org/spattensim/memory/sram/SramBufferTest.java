package org.spattensim.memory.sram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.common.InvalidInputException;
import org.spattensim.energy.ActionCounts;
import org.spattensim.memory.sram.SramBuffer.Access;
import org.spattensim.stats.StatsRegistry;

class SramBufferTest {

    @ParameterizedTest
    @CsvSource({"100, 4, 1", "100, 4, 4", "100, 4, 8", "64, 16, 2", "1, 1, 1", "77, 8, 3"})
    void sequentialLinesAreLimitedByMinOfBanksAndPorts(int n, int banks, int ports) {
        SramBuffer s = new SramBuffer("buf", 1024, 512, banks, ports, 1);
        long last = s.accessLines(0, n, 10, Access.READ);
        assertEquals(10 + (n - 1) / Math.min(banks, ports), last);
        assertEquals(n, s.reads());
    }

    @Test
    void sameBankAccessesSerialise() {
        SramBuffer s = new SramBuffer("buf", 64, 128, 4, 4, 1);
        // Lines 0, 4, 8, 12 all live in bank 0.
        assertEquals(0, s.read(0, 0));
        assertEquals(1, s.read(4, 0));
        assertEquals(2, s.read(8, 0));
        assertEquals(3, s.read(12, 0));
        assertEquals(0 + 1 + 2 + 3, s.conflictStallCycles());
        assertEquals(3, s.bankConflicts());
        assertEquals(0, s.portConflicts());
        // A different bank is free at cycle 0 even though bank 0 is booked up to 3.
        assertEquals(0, s.read(1, 0));
    }

    @Test
    void readAndWriteToOneSingleBankedBufferConflict() {
        SramBuffer s = new SramBuffer("buf", 16, 64, 1, 1, 1);
        assertEquals(5, s.write(3, 5));
        assertEquals(6, s.read(3, 5));
        assertEquals(1, s.conflictStallCycles());
        assertEquals(1, s.writes());
        SramBuffer two = new SramBuffer("buf2", 16, 64, 2, 1, 1);
        assertEquals(5, two.write(0, 5));
        assertEquals(5, two.read(1, 5)); // separate banks and ports
        assertEquals(0, two.conflictStallCycles());
    }

    @Test
    void portConflictsAreCounted() {
        SramBuffer s = new SramBuffer("buf", 16, 64, 8, 2, 1);
        s.read(0, 0);
        s.read(1, 0);
        assertEquals(1, s.read(2, 0));
        assertEquals(1, s.portConflicts());
        assertThrows(IllegalStateException.class, () -> new SramBuffer("rom", 4, 8, 1, 1, 0).write(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.read(16, 0));
    }

    @Test
    void rejectsImpossibleGeometryNamingTheField() {
        assertField("lines", () -> new SramBuffer("kbuf", 0, 512, 1, 1, 1));
        assertField("banks", () -> new SramBuffer("kbuf", 16, 512, 0, 1, 1));
        assertField("banks", () -> new SramBuffer("kbuf", 4, 512, 8, 1, 1));
        assertField("lineWidthBits", () -> new SramBuffer("kbuf", 16, 0, 1, 1, 1));
        assertField("readPorts", () -> new SramBuffer("kbuf", 16, 8, 1, -1, 1));
        assertField("writePorts", () -> new SramBuffer("kbuf", 16, 8, 1, 0, 0));
        assertField("capacityBytes", () -> SramBuffer.ofCapacity("kbuf", 32, 512, 1, 1, 1));
        assertField("capacityBytes", () -> SramBuffer.ofCapacity("kbuf", 100, 512, 1, 1, 1));
        // SpAtten's key buffer: 196,608 B (docs/reference/spatten-facts.md) in 512-bit lines.
        assertEquals(3072, SramBuffer.ofCapacity("kbuf", 196_608, 512, 16, 1, 1).lines());
    }

    private static void assertField(String field, Runnable r) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains("kbuf"), e.getMessage());
    }

    @Test
    void statsAndActions() {
        SramBuffer s = new SramBuffer("spatten.kbuf", 64, 512, 2, 1, 1);
        StatsRegistry stats = new StatsRegistry();
        s.registerStats(stats);
        s.accessLines(0, 10, 0, Access.READ);
        s.write(0, 0);
        ActionCounts counts = new ActionCounts();
        s.exportActions(counts);
        assertEquals(10, counts.count("spatten.kbuf", "read"));
        assertEquals(1, counts.count("spatten.kbuf", "write"));
        assertEquals(10, stats.counterValue("spatten.kbuf.reads"));
        assertEquals(s.conflictStallCycles(), stats.counterValue("spatten.kbuf.conflict_stall_cycles"));
        s.reset();
        assertEquals(0, s.read(0, 0));
    }
}

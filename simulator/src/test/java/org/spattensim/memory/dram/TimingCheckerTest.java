package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.checker.TimingChecker;
import org.spattensim.memory.dram.checker.TimingViolation;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;
import org.spattensim.memory.dram.mapping.MappingScheme;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

/** The controller's command stream obeys every rule over long random read/write mixes; broken logs are caught. */
class TimingCheckerTest {
    private static DramConfig config(String preset, int ranks, String policy, String mapping) {
        DramConfig c = DramPresets.load(preset).withChannels(1).withRanks(ranks);
        return c.withController(c.controller().withPagePolicy(PagePolicy.valueOf(policy))
                .withMapping(MappingScheme.valueOf(mapping)));
    }

    private static DramSystem runMix(DramConfig c, TrafficPattern p, double writes, long seed) {
        DramSystem sys = new DramSystem(c);
        sys.enableCommandLog();
        DramTrafficRunner.run(sys, new TrafficSpec(p, 40_000, 2048, 1L << 26, writes, seed));
        return sys;
    }

    @ParameterizedTest
    @CsvSource({
        "DDR4-2400, 1, OPEN, RoBaRaCoCh, RANDOM, 0.3",
        "DDR4-2400, 2, OPEN, RoBaRaCoCh, RANDOM, 0.5",
        "DDR4-2400, 2, CLOSED, RoBaRaCoBgCh, SEQUENTIAL, 0.3",
        "DDR4-3200, 1, CLOSED, RoBaRaCoCh, RANDOM, 0.3",
        "HBM2, 1, OPEN, RoBaRaCoBgCh, RANDOM, 0.4",
        "HBM2_SpAtten, 1, OPEN, RoBaRaCoCh, STRIDED, 0.3",
        "HBM2_SpAtten, 1, OPEN, RoBaRaCoBgCh, RANDOM, 0.2",
    })
    void longRandomMixesHaveNoViolation(String preset, int ranks, String policy, String mapping,
                                        TrafficPattern pattern, double writes) {
        DramConfig c = config(preset, ranks, policy, mapping);
        DramSystem sys = runMix(c, pattern, writes, 11);
        CommandLog log = sys.commandLog();
        List<TimingViolation> v = new TimingChecker(c).check(log, sys.now());
        assertEquals(List.of(), v);
        assertTrue(sys.stats().writes() > 0 && sys.stats().reads() > 0);
        assertEquals(40_000, sys.stats().reads() + sys.stats().writes());
        assertEquals(sys.stats().refreshes(), log.count(DramCommand.REF));
        assertEquals(sys.stats().activates(), log.count(DramCommand.ACT));
    }

    @Test
    void aBrokenLogIsCaught() {
        DramConfig c = config("DDR4-2400", 1, "OPEN", "RoBaRaCoCh");
        DramSystem sys = runMix(c, TrafficPattern.RANDOM, 0.3, 5);
        CommandLog log = sys.commandLog();
        TimingChecker checker = new TimingChecker(c);
        assertEquals(List.of(), checker.check(log));
        // Move the 100th RD one cycle before its ACT + tRCD would allow.
        int rd = -1;
        int seen = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.command(i) == DramCommand.RD && seen++ == 100) {
                rd = i;
                break;
            }
        }
        int act = rd;
        while (!(log.command(act) == DramCommand.ACT && log.bankGroup(act) == log.bankGroup(rd)
                && log.bank(act) == log.bank(rd))) {
            act--;
        }
        long tooEarly = log.cycle(act) + c.timing().nRCD() - 1;
        List<TimingViolation> v = checker.check(log.withCycle(rd, tooEarly));
        assertFalse(v.isEmpty());
        assertTrue(v.stream().anyMatch(x -> x.constraint().equals("tRCD") && x.index() == rdIndex(v, "tRCD")),
                v.toString());
    }

    private static int rdIndex(List<TimingViolation> v, String rule) {
        return v.stream().filter(x -> x.constraint().equals(rule)).findFirst().orElseThrow().index();
    }

    @Test
    void eachRuleIsCheckedOnAHandWrittenLog() {
        DramConfig c = config("DDR4-2400", 1, "OPEN", "RoBaRaCoCh");
        DramTiming t = c.timing();
        TimingChecker checker = new TimingChecker(c);
        // ACT bank 0, RD at tRCD: clean.
        CommandLog ok = new CommandLog();
        ok.record(0, DramCommand.ACT, 0, 0, 0, 0, 7, -1);
        ok.record(t.nRCD(), DramCommand.RD, 0, 0, 0, 0, 7, 0);
        ok.record(t.nRCD() + t.nCCDL(), DramCommand.RD, 0, 0, 0, 0, 7, 1);
        ok.record(t.nRAS(), DramCommand.PRE, 0, 0, 0, 0, 7, -1);
        assertEquals(List.of(), checker.check(ok));
        assertRule(checker, ok.withCycle(2, t.nRCD() + t.nCCDL() - 1), "tCCD_L");
        assertRule(checker, ok.withCycle(3, t.nRAS() - 1), "tRAS");
        // Five ACTs in different bank groups, the fifth inside the window.
        CommandLog faw = new CommandLog();
        for (int i = 0; i < 4; i++) {
            faw.record((long) i * t.nRRDS(), DramCommand.ACT, 0, 0, i, 0, 1, -1);
        }
        faw.record(t.nFAW() - 1, DramCommand.ACT, 0, 0, 0, 1, 1, -1);
        assertRule(checker, faw, "tFAW");
        // ACT to an open bank, and a read of a row that is not open.
        CommandLog state = new CommandLog();
        state.record(0, DramCommand.ACT, 0, 0, 0, 0, 1, -1);
        state.record(100, DramCommand.RD, 0, 0, 0, 0, 2, 0);
        state.record(200, DramCommand.ACT, 0, 0, 0, 0, 3, -1);
        assertRule(checker, state, "state");
        // Two commands in one cycle.
        CommandLog bus = new CommandLog();
        bus.record(0, DramCommand.ACT, 0, 0, 0, 0, 1, -1);
        bus.record(0, DramCommand.ACT, 0, 0, 1, 0, 1, -1);
        assertRule(checker, bus, "command bus");
        // A refresh starved for more than 8 intervals.
        assertRule(checker, new CommandLog(), 9L * t.nREFI() + t.nREFI() + 1, "tREFI");
    }

    private static void assertRule(TimingChecker checker, CommandLog log, String rule) {
        assertRule(checker, log, -1, rule);
    }

    private static void assertRule(TimingChecker checker, CommandLog log, long end, String rule) {
        List<TimingViolation> v = checker.check(log, end);
        assertTrue(v.stream().anyMatch(x -> x.constraint().equals(rule)), rule + " expected in " + v);
    }
}

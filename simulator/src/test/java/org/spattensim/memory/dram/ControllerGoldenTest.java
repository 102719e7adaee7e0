package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.memory.dram.checker.TimingChecker;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.mapping.MappingScheme;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;

/**
 * Golden pins of the controller's exact behaviour: seeded random read/write mixes and sequential reads on every
 * preset give these cycles, row hits, activates and refreshes, and this fingerprint of the whole command stream
 * (cycle, command, channel, rank, bank group, bank, row, column of every command). There is no closed form for
 * them; they were recorded before the scheduler's data structures were rewritten for speed, and any change in
 * FR-FCFS order, tie-breaking or refresh timing shows up here. The timing checker replays each stream too.
 * If a deliberate model change moves them, re-record and say why in the commit.
 */
class ControllerGoldenTest {
    @ParameterizedTest
    @CsvSource({
        // preset, ranks, page, mapping, pattern, writes, last completion, row hits, activates, refreshes, log size, fingerprint
        "DDR4-2400, 1, OPEN, RoBaRaCoCh, RANDOM, 0.3, 45863, 84, 12403, 8, 36712, 10d1ccd7ef7435e9",
        "DDR4-2400, 2, CLOSED, RoBaRaCoBgCh, RANDOM, 0.5, 33165, 58, 14454, 12, 29000, 2e5458a748896dbf",
        "DDR4-2400, 1, OPEN, RoBaRaCoCh, SEQUENTIAL, 0, 32181, 11900, 102, 6, 12114, 6ca8c83089744b35",
        // 8 ranks: 128 banks, more than one word of the occupied-bank bitset.
        "DDR4-2400, 8, OPEN, RoBaRaCoCh, RANDOM, 0.4, 32159, 323, 14249, 48, 39608, 3d133bfb2d4de780",
        "DDR4-3200, 1, OPEN, RoBaRaCoCh, RANDOM, 0.3, 86309, 72, 12264, 12, 36472, 381fe85d5a0315fb",
        "DDR4-3200, 1, CLOSED, RoBaRaCoCh, SEQUENTIAL, 0.2, 39062, 11890, 110, 6, 12122, 818ac21e1d8ffeab",
        "HBM2, 1, OPEN, RoBaRaCoCh, RANDOM, 0.3, 51759, 10, 12426, 26, 36646, 6e021c36253115f4",
        "HBM2, 2, OPEN, RoBaRaCoBgCh, SEQUENTIAL, 0, 13093, 11224, 786, 12, 13346, 3b3cd9af08f12fd9",
        // [R20] HBM2_2Gbps timing on our FR-FCFS controller (HBM2_SpAtten's settings before it moved to the
        // RAMULATOR2 controller; pins are unchanged from then).
        "HBM2_SpAtten, 1, OPEN, RoBaRaCoCh, RANDOM, 0.3, 14516, 13, 12430, 12, 36693, 92b5af1be39c0551",
        "HBM2_SpAtten, 1, CLOSED, RoBaRaCoBgCh, RANDOM, 0.6, 14203, 7, 12609, 12, 25239, 14076b7ed543cc4b",
        "HBM2_SpAtten, 1, OPEN, RoBaRaCoCh, SEQUENTIAL, 0, 13151, 11614, 390, 12, 12576, 7ff1e9dbbee60703",
    })
    void commandStreamIsPinned(String preset, int ranks, PagePolicy page, MappingScheme mapping,
                               TrafficPattern pattern, double writes, long lastCompletion, long rowHits,
                               long activates, long refreshes, int logSize, String fingerprint) {
        List<String> frfcfs = preset.equals("HBM2_SpAtten")
                ? List.of("controller.model=FRFCFS", "organization.rowBytes=1024") : List.of();
        DramConfig c = DramPresets.load(preset, frfcfs).value().withChannels(2).withRanks(ranks);
        c = c.withController(c.controller().withPagePolicy(page).withMapping(mapping));
        DramSystem sys = new DramSystem(c);
        CommandLog log = sys.enableCommandLog();
        DramTrafficRunner.run(sys, new TrafficSpec(pattern, 12_000, 2048, 1L << 26, writes, 42));
        DramStats s = sys.stats();
        String got = s.latency().lastCompletionCycle() + " " + s.rowHits() + " " + s.activates() + " "
                + s.refreshes() + " " + log.size() + " " + fingerprint(log);
        assertEquals(lastCompletion + " " + rowHits + " " + activates + " " + refreshes + " " + logSize + " "
                + fingerprint, got);
        assertEquals(List.of(), new TimingChecker(c).check(log, sys.now()));
    }

    /**
     * The Ramulator 2.0 controller (HBM2_SpAtten as the release runs it), recorded when it was written: its
     * bandwidth and idle latency match Ramulator 2.0 itself on the reference streams (ReferenceRunTest).
     */
    @ParameterizedTest
    @CsvSource({
        "RoBaRaCoCh, RANDOM, 0.3, 22499, 9, 11991, 11927, 35918, e21c45acf7b7c8d3",
        "RoBaRaCoCh, SEQUENTIAL, 0, 12058, 11250, 750, 686, 13436, a984edef13bd08ac",
        "RoBaRaCoBgCh, STRIDED, 0.2, 35630, 3756, 8227, 8219, 28446, 2a9a659b35f3802f",
    })
    void ramulator2CommandStreamIsPinned(MappingScheme mapping, TrafficPattern pattern, double writes,
                                         long lastCompletion, long rowHits, long activates, long precharges,
                                         int logSize, String fingerprint) {
        DramConfig c = DramPresets.load("HBM2_SpAtten").withChannels(2).withMapping(mapping);
        DramSystem sys = new DramSystem(c);
        CommandLog log = sys.enableCommandLog();
        DramTrafficRunner.run(sys, new TrafficSpec(pattern, 12_000, 2048, 1L << 26, writes, 42));
        DramStats s = sys.stats();
        String got = s.latency().lastCompletionCycle() + " " + s.rowHits() + " " + s.activates() + " "
                + s.precharges() + " " + log.size() + " " + fingerprint(log);
        assertEquals(lastCompletion + " " + rowHits + " " + activates + " " + precharges + " " + logSize + " "
                + fingerprint, got);
        assertEquals(List.of(), new TimingChecker(c).check(log, sys.now()));
    }

    /** FNV-style hash over every field of every command, in log order. */
    static String fingerprint(CommandLog log) {
        long x = 1469598103934665603L;
        for (int i = 0; i < log.size(); i++) {
            long[] fields = {log.cycle(i), log.command(i).ordinal(), log.channel(i), log.rank(i), log.bankGroup(i),
                log.bank(i), log.row(i), log.column(i)};
            for (long v : fields) {
                x = (x ^ v) * 0x100000001b3L;
                x ^= x >>> 31;
            }
        }
        return Long.toHexString(x);
    }
}

package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;
import org.spattensim.memory.dram.traffic.DramTrafficRunner;
import org.spattensim.memory.dram.traffic.TrafficPattern;
import org.spattensim.memory.dram.traffic.TrafficSpec;
import org.spattensim.stats.StatsRegistry;

class DramStatsTest {
    @Test
    void registryExposesTotalsAndPerChannelCountsThatAgreeWithTheCommandLog() {
        DramConfig c = DramPresets.load("HBM2_SpAtten").withChannels(2);
        DramSystem sys = new DramSystem(c);
        CommandLog log = sys.enableCommandLog();
        DramTrafficRunner.run(sys, TrafficSpec.reads(TrafficPattern.RANDOM, 20_000).withWriteFraction(0.25));
        StatsRegistry reg = new StatsRegistry();
        sys.stats().register(reg, "dram");
        assertEquals(2, sys.stats().channels()); // one Ramulator 2.0 controller per channel
        long reads = reg.counterValue("dram.reads");
        long writes = reg.counterValue("dram.writes");
        assertEquals(20_000, reads + writes);
        assertEquals(log.count(DramCommand.RD) + log.count(DramCommand.RDA), reads);
        assertEquals(log.count(DramCommand.ACT), reg.counterValue("dram.activates"));
        long perChannel = 0;
        for (int ch = 0; ch < 2; ch++) {
            perChannel += reg.counterValue("dram.ch" + ch + ".reads");
            assertTrue(reg.counterValue("dram.ch" + ch + ".reads") > 6000, "addresses spread over channels");
        }
        assertEquals(reads, perChannel);
        assertEquals(20_000L * 32, reg.counterValue("dram.bytes"));
        assertEquals(reg.counterValue("dram.row_hits") + reg.counterValue("dram.row_misses")
                + reg.counterValue("dram.row_conflicts"), 20_000);
        assertEquals(sys.stats().latency().mean(), reg.value("dram.latency.mean"), 1e-9);
        assertTrue(reg.value("dram.latency.p99") >= reg.value("dram.latency.p50"));
        assertEquals(64.0, reg.value("dram.peak_bandwidth"), 1e-9); // 2 channels x 32 GB/s
        assertTrue(reg.toCsv().contains("dram.ch1.row_conflicts"));
    }

    @Test
    void latencyQuantilesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i, i);
        }
        assertEquals(50, h.quantile(0.5));
        assertEquals(99, h.quantile(0.99));
        assertEquals(100, h.quantile(1.0));
        assertEquals(50.5, h.mean(), 1e-12);
        assertEquals(100, h.lastCompletionCycle());
    }
}

package org.spattensim.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.stats.StatsRegistry;

class EnergyReportTest {

    // Per-action energies here are test fixtures, not modelled values.
    private static EnergyTable table40() {
        return EnergyTable.builder("test 40 nm")
                .add("qk", "mac", EnergyCategory.LOGIC, 0.25, "test fixture")
                .add("softmax", "exp", EnergyCategory.LOGIC, 1.5, "test fixture")
                .add("kbuf", "read", EnergyCategory.SRAM, 12.0, "test fixture")
                .add("kbuf", "write", EnergyCategory.SRAM, 14.0, "test fixture")
                .add("hbm", "read32B", EnergyCategory.DRAM, 250.0, "test fixture")
                .add("hbm", "activate", EnergyCategory.DRAM, 900.0, "test fixture")
                .build();
    }

    @Test
    void energyIsSumOfCountsTimesPerAction() {
        EnergyTable t = table40();
        ActionCounts counts = new ActionCounts();
        SplittableRandom rng = new SplittableRandom(11);
        double expected = 0;
        double logic = 0;
        double sram = 0;
        double dram = 0;
        for (EnergyTable.Entry e : t.entries()) {
            long n = rng.nextLong(0, 1_000_000);
            counts.add(e.component(), e.action(), n);
            double pj = n * e.picojoules();
            expected += pj;
            switch (e.category()) {
                case LOGIC -> logic += pj;
                case SRAM -> sram += pj;
                case DRAM -> dram += pj;
            }
        }
        EnergyReport r = EnergyReport.of(t, counts);
        assertEquals(expected, r.totalPicojoules(), 1e-9 * expected);
        assertEquals(logic, r.byCategory().get(EnergyCategory.LOGIC), 1e-9 * logic);
        assertEquals(sram, r.byCategory().get(EnergyCategory.SRAM), 1e-9 * sram);
        assertEquals(dram, r.byCategory().get(EnergyCategory.DRAM), 1e-9 * dram);
        assertEquals(counts.count("kbuf", "read") * 12.0 + counts.count("kbuf", "write") * 14.0,
                r.byComponent().get("kbuf"), 1e-6);
        assertEquals(6, r.lines().size());
        assertEquals(expected * 1e-12 / 2.0, r.averagePowerWatts(2.0), 1e-18 * expected);
    }

    @Test
    void swappingTheTableRepricesWithoutRerunningTiming() {
        ActionCounts counts = new ActionCounts();
        counts.add("qk", "mac", 1000);
        counts.add("hbm", "read32B", 10);
        EnergyReport at40 = EnergyReport.of(table40(), counts);
        EnergyTable t7 = TechnologyScaling.scale(table40(), TechnologyScaling.NM40, TechnologyScaling.NM7, "test 7 nm");
        EnergyReport at7 = EnergyReport.of(t7, counts);
        double f = TechnologyScaling.energyFactor(TechnologyScaling.NM40, TechnologyScaling.NM7);
        assertEquals(at40.totalPicojoules() * f, at7.totalPicojoules(), 1e-9);
        assertTrue(t7.entry("qk", "mac").source().contains("our assumption"));
    }

    @Test
    void uncountedPricesCostNothingButUnpricedCountsAreErrors() {
        ActionCounts counts = new ActionCounts();
        counts.add("qk", "mac", 4);
        assertEquals(1.0, EnergyReport.of(table40(), counts).totalPicojoules());
        counts.add("topk", "compare", 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EnergyReport.of(table40(), counts));
        assertTrue(e.getMessage().contains("topk.compare"), e.getMessage());
    }

    @Test
    void tableRejectsBadEntries() {
        assertThrows(InvalidInputException.class, () -> EnergyTable.builder("t")
                .add("a", "x", EnergyCategory.LOGIC, 1, "s").add("a", "x", EnergyCategory.LOGIC, 2, "s"));
        assertThrows(InvalidInputException.class, () -> EnergyTable.builder("t")
                .add("a", "x", EnergyCategory.LOGIC, 1, "s").add("a", "y", EnergyCategory.SRAM, 2, "s"));
        assertThrows(InvalidInputException.class, () -> EnergyTable.builder("t").add("a", "x", EnergyCategory.LOGIC, -1, "s"));
        assertThrows(InvalidInputException.class, () -> EnergyTable.builder("t").add("a", "x", EnergyCategory.LOGIC, Double.NaN, "s"));
        assertThrows(InvalidInputException.class, () -> EnergyTable.builder("t").add("a", "x", EnergyCategory.LOGIC, 1, " "));
    }

    @Test
    void tallyHandleAndStats() {
        ActionCounts counts = new ActionCounts();
        ActionCounts.Tally mac = counts.tally("qk", "mac");
        for (int i = 0; i < 100; i++) {
            mac.increment();
        }
        assertEquals(100, counts.count("qk", "mac"));
        StatsRegistry stats = new StatsRegistry();
        EnergyReport.of(table40(), counts).registerStats(stats, "energy");
        assertEquals(25.0, stats.value("energy.total"));
        assertEquals(25.0, stats.value("energy.category.logic"));
        assertEquals(0.0, stats.value("energy.category.dram"));
        assertEquals(25.0, stats.value("energy.component.qk"));
    }

    @Test
    void areaTableAndScalingClosedForms() {
        AreaTable a = AreaTable.builder("test 40 nm").add("qk", 2.0, "test fixture").add("kbuf", 1.5, "test fixture").build();
        assertEquals(3.5, a.totalMm2(), 1e-12);
        TechnologyScaling.Node n40 = new TechnologyScaling.Node(40, 1.1);
        TechnologyScaling.Node n28 = new TechnologyScaling.Node(28, 0.9);
        assertEquals(0.49, TechnologyScaling.areaFactor(n40, n28), 1e-12);
        assertEquals(0.7 * (0.9 / 1.1) * (0.9 / 1.1), TechnologyScaling.energyFactor(n40, n28), 1e-12);
        assertEquals(0.7, TechnologyScaling.delayFactor(n40, n28), 1e-12);
        assertEquals(1.0, TechnologyScaling.energyFactor(n28, n40) * TechnologyScaling.energyFactor(n40, n28), 1e-12);
        assertEquals(3.5 * 0.49, TechnologyScaling.scale(a, n40, n28, "28").totalMm2(), 1e-12);
        assertThrows(InvalidInputException.class, () -> new TechnologyScaling.Node(0, 1));
        assertThrows(InvalidInputException.class, () -> AreaTable.builder("t").add("x", -1, "s"));
        assertThrows(InvalidInputException.class, () -> a.mm2("nope"));
    }
}

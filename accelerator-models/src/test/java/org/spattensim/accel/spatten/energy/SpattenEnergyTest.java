package org.spattensim.accel.spatten.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.energy.EnergyCategory;
import org.spattensim.energy.EnergyTable;

class SpattenEnergyTest {

    @Test
    void defaultPresetPricesEveryCountedActionWithASource() {
        EnergyTable t = EnergyPreset.defaultPreset().at(40);
        SpattenActions one = new SpattenActions(1, 1, 1, 1, 1, 1, 1);
        for (var c : one.toCounts().entries()) {
            EnergyTable.Entry e = t.entry(c.component(), c.action());
            assertFalse(e.source().isBlank(), c.component() + "." + c.action());
            assertTrue(e.source().contains("scaling"), e.source());
        }
        assertEquals(EnergyCategory.SRAM, t.entry("key_buffer", "access_byte").category());
        assertEquals(EnergyCategory.LOGIC, t.entry("qk", "mac").category());
    }

    @Test
    void pricesScaleLinearlyWithTheNodeAtConstantVoltage() {
        EnergyPreset p = EnergyPreset.defaultPreset();
        assertEquals(45, p.nodeNm());
        double at45 = p.at(45).picojoules("softmax", "element");
        assertEquals(14.5, at45, 1e-12);
        assertEquals(14.5 * 40 / 45, p.at(40).picojoules("softmax", "element"), 1e-12);
        assertEquals(14.5 * 7 / 45, p.at(7).picojoules("softmax", "element"), 1e-12);
    }

    @Test
    void energyIsCountsTimesPricesSplitByUnitAndCategory() {
        EnergyTable t = EnergyPreset.defaultPreset().at(45);
        SpattenActions a = new SpattenActions(1000, 2000, 30, 400, 5000, 6000, 700);
        SpattenEnergy e = SpattenEnergy.of(t, a, 123.0, 456.0);
        Map<String, Double> u = e.byUnit();
        assertEquals(1000 * 0.495, u.get("qk"), 1e-9);
        assertEquals(2000 * 0.495, u.get("pv"), 1e-9);
        assertEquals(30 * 14.5, u.get("softmax"), 1e-9);
        assertEquals(400 * 0.09, u.get("topk"), 1e-9);
        assertEquals(700 * 0.03, u.get("converter"), 1e-9);
        assertEquals(5000 * 4.1, u.get("key_buffer"), 1e-9);
        assertEquals(6000 * 4.1, u.get("value_buffer"), 1e-9);
        assertEquals(123.0, u.get("dram_dynamic"));
        assertEquals(456.0, u.get("dram_background"));
        Map<String, Double> c = e.byCategory();
        assertEquals(1000 * 0.495 + 2000 * 0.495 + 30 * 14.5 + 400 * 0.09 + 700 * 0.03, c.get("logic"), 1e-9);
        assertEquals(11000 * 4.1, c.get("sram"), 1e-9);
        assertEquals(579.0, c.get("dram"), 1e-12);
        double units = u.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(units, e.totalPj(), 1e-9);
    }

    @Test
    void presetWithoutSourceOrWithNegativeEnergyIsRejected() {
        assertThrows(InvalidInputException.class, () -> new EnergyPreset.Action(0.5, " "));
        assertThrows(InvalidInputException.class, () -> new EnergyPreset.Action(-1, "x"));
        assertThrows(InvalidInputException.class, () -> new EnergyPreset.Action(Double.NaN, "x"));
        assertThrows(InvalidInputException.class, () -> new EnergyPreset("x", 0, 0.9, Map.of()));
    }
}

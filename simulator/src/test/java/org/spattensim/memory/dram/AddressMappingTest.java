package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.mapping.AddressMapping;
import org.spattensim.memory.dram.mapping.MappingScheme;

class AddressMappingTest {
    private final DramConfig ddr4 = DramPresets.load("DDR4-2400");

    @Test
    void roBaRaCoChKeepsConsecutiveLinesInOneRow() {
        AddressMapping m = new AddressMapping(ddr4);
        // 8 KiB row / 64 B = 128 lines: columns are address bits 6..12, then bank group, then bank, then row.
        assertEquals(127, m.column(127 * 64));
        assertEquals(0, m.bankGroup(127 * 64));
        assertEquals(1, m.bankGroup(128 * 64));
        assertEquals(0, m.column(128 * 64));
        assertEquals(1, m.bank(4 * 8192));
        assertEquals(1, m.row(16 * 8192));
        // 2 KiB stride: four columns per row, then the next bank group.
        assertEquals(0, m.bankGroup(3 * 2048));
        assertEquals(1, m.bankGroup(4 * 2048));
    }

    @Test
    void bankGroupInterleavingRotatesGroupsPerLine() {
        AddressMapping m = new AddressMapping(ddr4.withMapping(MappingScheme.RoBaRaCoBgCh));
        for (int i = 0; i < 16; i++) {
            assertEquals(i % 4, m.bankGroup(i * 64L));
            assertEquals(i / 4, m.column(i * 64L));
            assertEquals(0, m.row(i * 64L));
        }
    }

    @Test
    void composeInvertsDecodeForEveryScheme() {
        SplittableRandom rng = new SplittableRandom(7);
        for (MappingScheme s : MappingScheme.values()) {
            DramConfig c = DramPresets.load("HBM2_SpAtten").withMapping(s);
            AddressMapping m = new AddressMapping(c);
            for (int i = 0; i < 1000; i++) {
                long a = rng.nextLong(1L << m.addressBits()) & ~31L;
                assertEquals(a, m.compose(m.channel(a), m.pseudoChannel(a), m.rank(a), m.bankGroup(a), m.bank(a),
                        m.row(a), m.column(a)), s + " " + a);
                // HBM2_SpAtten: one Ramulator 2.0 controller per channel serves both pseudo-channels.
                assertEquals(m.channel(a), m.unit(a));
            }
        }
    }

    @Test
    void spattenChannelBitsSitAboveThe32ByteOffset() {
        AddressMapping m = new AddressMapping(DramPresets.load("HBM2_SpAtten"));
        // 16 channels, 32 B transactions: channel = address bits [5..8], as in the SpAtten release.
        for (int ch = 0; ch < 16; ch++) {
            assertEquals(ch, m.channel(ch * 32L));
        }
        assertEquals(0, m.channel(16 * 32L));
        assertEquals(1, m.column(16 * 32L));
    }
}

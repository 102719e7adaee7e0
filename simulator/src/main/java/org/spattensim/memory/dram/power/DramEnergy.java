package org.spattensim.memory.dram.power;

import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramStats;

/**
 * DRAM energy from command counts, with DRAMsim3's per-command increments [D3 src/configuration.cc]:
 * <pre>
 *   act  = VDD * (IDD0 * tRC - (IDD3N * tRAS + IDD2N * (tRC - tRAS)))   per ACT
 *   read = VDD * (IDD4R - IDD3N) * tBL                                  per RD burst
 *   write= VDD * (IDD4W - IDD3N) * tBL                                  per WR burst
 *   ref  = VDD * (IDD5AB - IDD3N) * tRFC                                per REF
 *   background = VDD * IDD3N * elapsed time                             per channel
 * </pre>
 * times in ns, currents in mA, so each product is in pJ; multiplied by the devices of one channel.
 * Simplification: background is charged at the active-standby current all the time (DRAMsim3 switches
 * between IDD2N and IDD3N with the bank state), which slightly overstates idle energy.
 */
public final class DramEnergy {
    private final double actPj;
    private final double readPj;
    private final double writePj;
    private final double refPj;
    private final double backgroundPjPerCycle;
    private final int channels;

    public DramEnergy(DramConfig config, DramPowerParams p) {
        double tck = config.organization().tCkNs();
        var t = config.timing();
        int devices = p.devicesPerChannel();
        actPj = devices * p.vdd() * (p.idd0() * t.nRC() - (p.idd3n() * t.nRAS() + p.idd2n() * (t.nRC() - t.nRAS()))) * tck;
        readPj = devices * p.vdd() * (p.idd4r() - p.idd3n()) * t.nBL() * tck;
        writePj = devices * p.vdd() * (p.idd4w() - p.idd3n()) * t.nBL() * tck;
        refPj = devices * p.vdd() * (p.idd5ab() - p.idd3n()) * t.nRFC() * tck;
        backgroundPjPerCycle = devices * p.vdd() * p.idd3n() * tck;
        channels = config.organization().channels();
    }

    public double activatePj() {
        return actPj;
    }

    public double readPj() {
        return readPj;
    }

    public double writePj() {
        return writePj;
    }

    public double refreshPj() {
        return refPj;
    }

    /** Dynamic energy of the commands counted in {@code stats} (pJ). */
    public double dynamicPj(DramStats stats) {
        return stats.activates() * actPj + stats.reads() * readPj + stats.writes() * writePj + stats.refreshes() * refPj;
    }

    /** Background energy of all channels over {@code memoryCycles} (pJ). */
    public double backgroundPj(long memoryCycles) {
        return backgroundPjPerCycle * channels * memoryCycles;
    }
}

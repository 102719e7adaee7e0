package org.spattensim.memory.dram.power;

import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Presets;

/**
 * Supply voltage and IDD currents of one DRAM device (mA, V), as DRAMsim3 uses them for energy, and how many
 * devices form one channel. Presets in {@code presets/dram-power/} name the source of every value.
 */
public record DramPowerParams(String name, double vdd, double idd0, double idd2n, double idd3n, double idd4r,
                              double idd4w, double idd5ab, int devicesPerChannel) {
    public static final String RESOURCE_DIR = "presets/dram-power";

    public DramPowerParams {
        double[] all = {vdd, idd0, idd2n, idd3n, idd4r, idd4w, idd5ab};
        String[] names = {"vdd", "idd0", "idd2n", "idd3n", "idd4r", "idd4w", "idd5ab"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] > 0)) {
                throw InvalidInputException.of("", names[i], "is " + all[i], "a positive number");
            }
        }
        if (idd4r < idd3n || idd4w < idd3n || idd0 < idd3n) {
            throw InvalidInputException.of("", "idd4r/idd4w/idd0", "below idd3n " + idd3n,
                    "burst and activate currents above the active-standby current");
        }
        if (devicesPerChannel < 1) {
            throw InvalidInputException.of("", "devicesPerChannel", "is " + devicesPerChannel, "at least 1");
        }
    }

    public static Presets<DramPowerParams> presets() {
        return new Presets<>(DramPowerParams.class, RESOURCE_DIR, "DRAM power preset");
    }

    /** The power preset of a DRAM standard ({@code HBM2}, {@code DDR4}). */
    public static DramPowerParams forStandard(String standard) {
        return presets().load(standard).value();
    }
}

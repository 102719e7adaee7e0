package org.spattensim.accel.baseline;

import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Presets;

/**
 * An attention accelerator that fetches every key and value and prunes afterwards (A3, MNNFast as SpAtten
 * describes them). It runs on a SpAtten datapath preset (multipliers, DRAM, buffers) with pruning and
 * quantization off; it computes {@code keyComputeFraction} of the Q×K work and {@code valueComputeFraction}
 * of the Prob×V work.
 */
public record FetchAllDesign(String name, String datapath, int dataBits, double keyComputeFraction,
                             double valueComputeFraction) {
    public static final String RESOURCE_DIR = "presets/baselines";

    public FetchAllDesign {
        if (dataBits < 1 || dataBits > 32) {
            throw InvalidInputException.of("", "dataBits", "is " + dataBits, "1 to 32");
        }
        if (!(keyComputeFraction > 0 && keyComputeFraction <= 1)) {
            throw InvalidInputException.of("", "keyComputeFraction", "is " + keyComputeFraction, "a fraction in (0, 1]");
        }
        if (!(valueComputeFraction > 0 && valueComputeFraction <= 1)) {
            throw InvalidInputException.of("", "valueComputeFraction", "is " + valueComputeFraction, "a fraction in (0, 1]");
        }
    }

    public static Presets<FetchAllDesign> presets() {
        return new Presets<>(FetchAllDesign.class, RESOURCE_DIR, "baseline accelerator");
    }
}

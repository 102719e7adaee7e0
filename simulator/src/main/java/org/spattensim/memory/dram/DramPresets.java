package org.spattensim.memory.dram;

import java.util.List;
import org.spattensim.config.Presets;

/**
 * The bundled DRAM presets ({@code presets/dram/*.yaml}, listed in {@code index.yaml}): HBM2_8Gb_2Gbps (alias
 * HBM2), HBM2_8Gb_2Gbps_SpAtten (HBM2_SpAtten), DDR4_8Gb_x8_2400 (DDR4-2400), DDR4_8Gb_x16_3200 (DDR4-3200).
 * A name, an alias or a path to a YAML file is accepted, with {@code key.path=value} overrides.
 */
public final class DramPresets {
    public static final String RESOURCE_DIR = "presets/dram";
    private static final Presets<DramConfig> PRESETS = new Presets<>(DramConfig.class, RESOURCE_DIR, "DRAM preset");

    private DramPresets() {
    }

    public static Presets<DramConfig> presets() {
        return PRESETS;
    }

    public static DramConfig load(String nameOrFile) {
        return PRESETS.load(nameOrFile).value();
    }

    public static Presets.Loaded<DramConfig> load(String nameOrFile, List<String> overrides) {
        return PRESETS.load(nameOrFile, overrides);
    }

    public static List<String> names() {
        return PRESETS.names();
    }
}

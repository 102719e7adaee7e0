package org.spattensim.accel.spatten;

import java.util.List;
import org.spattensim.config.Presets;

/**
 * The SpAtten presets on the classpath ({@code presets/accelerators/}): {@code spatten} (full design) and
 * {@code spatten-1/8} (alias {@code spatten-1-8}). {@link #load} takes a preset name or a YAML file path
 * and {@code --set key=value} overrides; unknown keys are rejected.
 */
public final class SpattenPresets {
    public static final String RESOURCE_DIR = "presets/accelerators";
    public static final String FULL = "spatten";
    public static final String EIGHTH = "spatten-1/8";

    private static final Presets<SpattenConfig> PRESETS = new Presets<>(SpattenConfig.class, RESOURCE_DIR,
            "accelerator");

    private SpattenPresets() {}

    public static Presets<SpattenConfig> presets() {
        return PRESETS;
    }

    /** A preset or file with overrides, plus its effective tree (for {@code config.yaml}). */
    public static Presets.Loaded<SpattenConfig> loadWithTree(String nameOrFile, List<String> overrides) {
        return PRESETS.load(nameOrFile, overrides);
    }

    public static SpattenConfig load(String nameOrFile, List<String> overrides) {
        return PRESETS.load(nameOrFile, overrides).value();
    }

    public static SpattenConfig load(String nameOrFile) {
        return load(nameOrFile, List.of());
    }

    public static SpattenConfig full() {
        return load(FULL);
    }

    public static SpattenConfig eighth() {
        return load(EIGHTH);
    }
}

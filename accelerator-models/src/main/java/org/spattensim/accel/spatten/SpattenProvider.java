package org.spattensim.accel.spatten;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.AcceleratorProvider;

/** Registers every SpAtten preset, the dense datapaths of the two the paper uses, and SpAtten YAML files. */
public final class SpattenProvider implements AcceleratorProvider {
    @Override
    public List<AcceleratorModel> models() {
        List<AcceleratorModel> out = new ArrayList<>();
        for (var e : SpattenPresets.presets().entries()) {
            out.add(new SpattenAccelerator(e.name(), e.name(), AblationStep.PROGRESSIVE_QUANTIZATION,
                    "SpAtten: " + e.description()));
        }
        out.add(new SpattenAccelerator("dense", SpattenPresets.FULL, AblationStep.DENSE,
                "the spatten datapath with pruning and quantization off (every key and value at quant.denseBits)"));
        out.add(new SpattenAccelerator("dense-1/8", SpattenPresets.EIGHTH, AblationStep.DENSE,
                "the spatten-1/8 datapath with pruning and quantization off"));
        return out;
    }

    @Override
    public Optional<AcceleratorModel> open(Path parameterFile) {
        String n = parameterFile.getFileName().toString().toLowerCase();
        if (!(n.endsWith(".yaml") || n.endsWith(".yml"))) {
            return Optional.empty();
        }
        return Optional.of(new SpattenAccelerator(parameterFile.toString(), parameterFile.toString(),
                AblationStep.PROGRESSIVE_QUANTIZATION, "SpAtten parameters from " + parameterFile));
    }
}

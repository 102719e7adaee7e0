package org.spattensim.accel.mnnfast;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.AcceleratorProvider;

/** Registers every MNNFast preset. */
public final class MnnFastProvider implements AcceleratorProvider {
    @Override
    public List<AcceleratorModel> models() {
        List<AcceleratorModel> out = new ArrayList<>();
        for (var e : MnnFastConfig.presets().entries()) {
            out.add(new MnnFastAccelerator(e.name(), e.name(), e.description()));
        }
        return out;
    }
}

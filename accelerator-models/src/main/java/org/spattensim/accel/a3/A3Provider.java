package org.spattensim.accel.a3;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.AcceleratorProvider;

/** Registers every A3 preset. */
public final class A3Provider implements AcceleratorProvider {
    @Override
    public List<AcceleratorModel> models() {
        List<AcceleratorModel> out = new ArrayList<>();
        for (var e : A3Config.presets().entries()) {
            out.add(new A3Accelerator(e.name(), e.name(), e.description()));
        }
        return out;
    }
}

package org.spattensim.accel;

/** The name, description and preset every registered design carries; subclasses add the model. */
public abstract class NamedAccelerator implements AcceleratorModel {
    private final String name;
    private final String preset;
    private final String description;

    protected NamedAccelerator(String name, String preset, String description) {
        this.name = name;
        this.preset = preset;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /** The parameter set (preset name or file) this model runs. */
    public final String preset() {
        return preset;
    }
}

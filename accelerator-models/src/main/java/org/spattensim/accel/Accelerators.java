package org.spattensim.accel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.spattensim.common.InvalidInputException;

/**
 * The registry of accelerator models by name, filled from every {@link AcceleratorProvider} on the class path
 * (in provider order) plus {@link #register} for a caller's own model. A name that is not registered but names a
 * file is offered to each provider's {@link AcceleratorProvider#open} (a SpAtten YAML file, say).
 */
public final class Accelerators {
    private static final Map<String, AcceleratorModel> MODELS = new LinkedHashMap<>();
    private static final List<AcceleratorProvider> PROVIDERS = new ArrayList<>();

    static {
        for (AcceleratorProvider p : ServiceLoader.load(AcceleratorProvider.class, Accelerators.class.getClassLoader())) {
            PROVIDERS.add(p);
            for (AcceleratorModel m : p.models()) {
                MODELS.putIfAbsent(m.name(), m);
            }
        }
    }

    private Accelerators() {}

    /** Registers (or replaces) a model under its name, for this JVM. */
    public static synchronized void register(AcceleratorModel model) {
        MODELS.put(model.name(), model);
    }

    /** Registered names, in registration order. */
    public static synchronized List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    public static synchronized List<AcceleratorModel> all() {
        return List.copyOf(MODELS.values());
    }

    public static synchronized boolean contains(String nameOrFile) {
        return MODELS.containsKey(nameOrFile) || fromFile(nameOrFile).isPresent();
    }

    /** The model of that name, or the model a parameter file describes; refuses anything else, listing the names. */
    public static synchronized AcceleratorModel get(String nameOrFile) {
        AcceleratorModel m = MODELS.get(nameOrFile);
        if (m != null) {
            return m;
        }
        return fromFile(nameOrFile).orElseThrow(() -> new InvalidInputException("unknown accelerator model '"
                + nameOrFile + "'; expected one of " + names() + " or a SpAtten YAML parameter file"));
    }

    private static Optional<AcceleratorModel> fromFile(String nameOrFile) {
        Path p;
        try {
            p = Path.of(nameOrFile);
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        for (AcceleratorProvider provider : PROVIDERS) {
            Optional<AcceleratorModel> m = provider.open(p);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }
}

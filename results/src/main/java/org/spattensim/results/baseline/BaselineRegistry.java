package org.spattensim.results.baseline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.cpu.CpuBaseline;
import org.spattensim.results.baseline.cpu.CpuBaselineConfig;
import org.spattensim.results.baseline.gpu.GpuRooflineBaseline;
import org.spattensim.results.baseline.gpu.GpuSpec;
import org.spattensim.results.baseline.gpu.GpuSpecTable;
import org.spattensim.results.baseline.gpu.KernelStyle;
import org.spattensim.results.baseline.gpu.MeasuredGpuBaseline;
import org.spattensim.results.baseline.gpu.MeasuredGpuTimings;

/**
 * Baselines by name, for {@code ./spatten compare --models ...}:
 * <ul>
 *   <li>{@code cpu}: dense attention measured on this host ({@link CpuBaseline});</li>
 *   <li>{@code gpu:<id>} for every GPU of the spec table ({@code titan-xp}, {@code v100}, {@code a100},
 *       {@code h100}, {@code jetson-nano}): the measured timing where the CSV given has one for the
 *       shape, else the fused-kernel roofline (marked MODELLED);</li>
 *   <li>{@code gpu:<id>:eager}: the roofline with PyTorch eager kernels (the 2020 software stack).</li>
 * </ul>
 * Baselines are created on first use; register your own with {@link #register}.
 */
public final class BaselineRegistry {
    private final Map<String, Supplier<Baseline>> factories = new LinkedHashMap<>();
    private final Map<String, Baseline> created = new LinkedHashMap<>();

    /** Default CPU configuration, no measured GPU timings. */
    public static BaselineRegistry defaults() {
        return defaults(CpuBaselineConfig.defaults(), MeasuredGpuTimings.empty());
    }

    public static BaselineRegistry defaults(CpuBaselineConfig cpu, MeasuredGpuTimings measured) {
        BaselineRegistry r = new BaselineRegistry();
        r.register(CpuBaseline.NAME, () -> new CpuBaseline(cpu));
        GpuSpecTable table = GpuSpecTable.defaults();
        for (String id : table.ids()) {
            GpuSpec spec = table.get(id);
            r.register("gpu:" + id, () -> new MeasuredGpuBaseline(id, measured, spec, new GpuRooflineBaseline(spec)));
        }
        for (String id : table.ids()) {
            GpuSpec spec = table.get(id);
            r.register("gpu:" + id + ":eager",
                    () -> new GpuRooflineBaseline(spec, spec.defaultPrecision(), KernelStyle.EAGER));
        }
        return r;
    }

    /** Adds or replaces a baseline under {@code name}. */
    public BaselineRegistry register(String name, Supplier<Baseline> factory) {
        factories.put(name, factory);
        created.remove(name);
        return this;
    }

    /** The baseline registered under {@code name}; an input error listing the names otherwise. */
    public synchronized Baseline get(String name) {
        Supplier<Baseline> f = factories.get(name);
        if (f == null) {
            throw InvalidInputException.of("baselines", "name", "unknown baseline '" + name + "'", "one of " + factories.keySet());
        }
        return created.computeIfAbsent(name, n -> f.get());
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(factories.keySet());
    }
}

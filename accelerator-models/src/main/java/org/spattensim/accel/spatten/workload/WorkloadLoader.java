package org.spattensim.accel.spatten.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.functional.FunctionalResult;
import org.spattensim.accel.spatten.functional.SpattenFunctionalModel;
import org.spattensim.accel.spatten.functional.TraceAttentionSource;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenCsvReader;
import org.spattensim.trace.spatten.SpattenWorkload;

/**
 * Turns what a user names on the command line into a {@link Workload} for one design point: a bundled
 * SpAtten workload name or a SpAtten workload CSV (decision-driven: kept counts, bit widths and refetch
 * flags given), or a Q/K/V attention trace (data-driven: decisions computed by the functional model).
 */
public final class WorkloadLoader {
    /** A workload with where it came from; {@code functional} is set for data-driven workloads. */
    public record Loaded(Workload workload, String name, String kind, FunctionalResult functional) {}

    private WorkloadLoader() {}

    public static Loaded load(String nameOrPath, SpattenConfig config, AblationStep step) {
        SpattenConfig c = step.apply(config);
        if (BundledSpattenWorkloads.names().contains(nameOrPath)) {
            SpattenWorkload csv = BundledSpattenWorkloads.load(nameOrPath);
            return new Loaded(DecisionDrivenProducer.from(csv, c, step), nameOrPath, "spatten-csv (bundled)", null);
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException("trace '" + nameOrPath + "': no such file and not a bundled workload; expected a "
                    + "Q/K/V trace (.safetensors), a SpAtten workload CSV, or one of " + BundledSpattenWorkloads.names());
        }
        String name = p.getFileName().toString();
        if (name.toLowerCase().endsWith(".csv")) {
            return new Loaded(DecisionDrivenProducer.from(SpattenCsvReader.read(p), c, step), name, "spatten-csv", null);
        }
        FunctionalResult f = new SpattenFunctionalModel(c).run(TraceAttentionSource.load(p));
        return new Loaded(f.workload(), name, "qkv-trace (data-driven)", f);
    }

    /** Names a user may pass instead of a path. */
    public static List<String> bundledNames() {
        return BundledSpattenWorkloads.names();
    }
}

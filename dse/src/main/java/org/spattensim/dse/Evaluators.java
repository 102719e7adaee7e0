package org.spattensim.dse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.spattensim.common.InvalidInputException;

/**
 * Registry of evaluators by model name (the {@code model.name} of a design space). Built in: the analytic
 * test problems ({@link AnalyticEvaluator#NAMES}); the SpAtten model registers as {@code spatten}; every other
 * registered accelerator under its name ({@link AcceleratorEvaluator}). Your own
 * model: {@code Evaluators.register("mine", ctx -> new MyEvaluator(ctx))} before exploring (on every
 * cluster member too).
 */
public final class Evaluators {
    private static final Map<String, Function<EvaluationContext, Evaluator>> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, Evaluator> SHARED = new ConcurrentHashMap<>();
    private static final Map<String, String> CONFIRMATIONS = new ConcurrentHashMap<>(
            Map.of(SpattenEvaluator.FAST_MODEL, "spatten"));

    static {
        for (String name : AnalyticEvaluator.NAMES) {
            FACTORIES.put(name, AnalyticEvaluator::new);
        }
        for (String name : BuiltInModels.names()) {
            FACTORIES.put(name, BuiltInModels.factory(name));
        }
        // Every other registered accelerator (a3, mnnfast, dense, ...) through its generic run.
        for (String name : org.spattensim.accel.Accelerators.names()) {
            FACTORIES.putIfAbsent(name, AcceleratorEvaluator::new);
        }
    }

    private Evaluators() {}

    public static void register(String model, Function<EvaluationContext, Evaluator> factory) {
        FACTORIES.put(model, factory);
    }

    /**
     * Declares {@code surrogate} a fast model whose Pareto front the explorer re-evaluates with {@code reference}
     * (built in: {@code spatten-fast} -> {@code spatten}).
     */
    public static void registerConfirmation(String surrogate, String reference) {
        CONFIRMATIONS.put(surrogate, reference);
    }

    /** The model that confirms a fast model's front, if {@code model} is one. */
    public static java.util.Optional<String> confirmationModel(String model) {
        return java.util.Optional.ofNullable(CONFIRMATIONS.get(model));
    }

    public static List<String> names() {
        return List.copyOf(new TreeSet<>(FACTORIES.keySet()));
    }

    /** A new evaluator for the context's model. */
    public static Evaluator create(EvaluationContext ctx) {
        String model = ctx.space().model().name();
        Function<EvaluationContext, Evaluator> f = FACTORIES.get(model);
        if (f == null) {
            throw InvalidInputException.of("design space " + ctx.space().name(), "model.name", "unknown model '" + model + "'",
                    "one of " + names());
        }
        return f.apply(ctx);
    }

    /** One evaluator per context identity in this JVM (parsed workloads and model set-up are reused). */
    public static Evaluator shared(EvaluationContext ctx) {
        return SHARED.computeIfAbsent(ctx.identity(), k -> create(ctx));
    }

    /**
     * Identity of a workload: SHA-256 of the file when it is one, else of the bundled resource the model
     * names, else of the name itself.
     */
    public static String workloadHash(String workload) {
        if (workload == null || workload.isEmpty()) {
            return "";
        }
        Path p = Path.of(workload);
        if (Files.isRegularFile(p)) {
            try (InputStream in = Files.newInputStream(p)) {
                return sha256(in);
            } catch (IOException e) {
                throw new InvalidInputException(workload + ": cannot read: " + e.getMessage(), e);
            }
        }
        return BuiltInModels.bundledWorkloadHash(workload)
                .orElseGet(() -> org.spattensim.dse.space.DesignSpace.sha256("name:" + workload));
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream din = new DigestInputStream(in, md)) {
                din.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

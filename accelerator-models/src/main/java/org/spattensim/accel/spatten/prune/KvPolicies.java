package org.spattensim.accel.spatten.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The token-selection policies by name ({@code pruning.policy}). {@value #CASCADE} is SpAtten's cascade token pruning,
 * run by its own path (it prunes across the layers of a step, {@link CascadePruning}); every other name is a
 * {@link KvPolicy}. Adding a policy is one class and one {@link #register} call; nothing else names them.
 */
public final class KvPolicies {
    /** SpAtten's cascade token pruning [KR]. */
    public static final String CASCADE = "cascade";

    private static final Map<String, Function<KvPolicyContext, KvPolicy>> FACTORIES = new LinkedHashMap<>();
    private static volatile List<String> names = List.of(CASCADE);

    static {
        register(StreamingLlmPolicy.NAME, StreamingLlmPolicy::new);
        register(SpattenLlmPolicy.NAME, SpattenLlmPolicy::new);
        register(H2oPolicy.NAME, H2oPolicy::new);
        register(QuestPolicy.NAME, QuestPolicy::new);
    }

    private KvPolicies() {}

    /** Registers a policy under a new name. */
    public static synchronized void register(String name, Function<KvPolicyContext, KvPolicy> factory) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*") || name.equals(CASCADE) || FACTORIES.containsKey(name)) {
            throw new IllegalArgumentException("KV policy name '" + name + "' is taken or not a lower-case name");
        }
        FACTORIES.put(name, factory);
        List<String> all = new ArrayList<>();
        all.add(CASCADE);
        all.addAll(FACTORIES.keySet());
        names = List.copyOf(all);
    }

    /** Every policy name, cascade first. */
    public static List<String> names() {
        return names;
    }

    /** Writes positions 0..n-1 to {@code out}; returns n. */
    static int allPositions(int n, int[] out) {
        for (int t = 0; t < n; t++) {
            out[t] = t;
        }
        return n;
    }

    /** A new instance of a registered KV policy (not {@value #CASCADE}). */
    public static synchronized KvPolicy create(String name, KvPolicyContext context) {
        Function<KvPolicyContext, KvPolicy> f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no KV policy '" + name + "'; expected one of " + FACTORIES.keySet());
        }
        return f.apply(context);
    }
}

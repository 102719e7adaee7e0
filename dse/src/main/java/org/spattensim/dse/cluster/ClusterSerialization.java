package org.spattensim.dse.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * How the cluster's messages travel: our two message types by Hazelcast's factory (no Java serialization), and
 * Hazelcast's own Java deserialization closed to every class (a whitelist of one class nobody sends), so a peer
 * cannot make a member instantiate arbitrary classes.
 */
final class ClusterSerialization {
    static final int FACTORY_ID = 7301;
    static final int EVALUATE_TASK = 1;
    static final int SIGNED_PAYLOAD = 2;

    private ClusterSerialization() {}

    static final DataSerializableFactory FACTORY = id -> create(id);

    private static IdentifiedDataSerializable create(int id) {
        return switch (id) {
            case EVALUATE_TASK -> new EvaluateTask();
            case SIGNED_PAYLOAD -> new SignedPayload();
            default -> null;
        };
    }

    static void configure(Config c) {
        c.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, FACTORY);
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addClasses(NoJavaSerialization.class.getName());
        c.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    }

    /** The only class Hazelcast's Java deserialization would accept; nothing sends it. */
    static final class NoJavaSerialization {
        private NoJavaSerialization() {}
    }
}

package org.spattensim.dse.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.TimeUnit;

/**
 * Starts an embedded Hazelcast member for distributed exploration: TCP-IP join only (multicast and
 * auto-detection off), bound to the given interface only, phone-home off, Jet off, logging through JUL.
 * Every member runs the same jar, so evaluation tasks find the model classes locally.
 */
public final class ClusterMember {
    /** Name of the executor service that runs evaluation tasks. */
    public static final String EXECUTOR = "dse-evaluations";
    /** Held so the level sticks: Hazelcast's INFO and start-up warnings would drown the progress lines. */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    static {
        if (System.getProperty("java.util.logging.config.file") == null) {
            HAZELCAST_LOG.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    private ClusterMember() {}

    /** The Hazelcast configuration of a member. */
    public static Config config(ClusterSettings s) {
        Config c = new Config();
        c.setClusterName(s.clusterName());
        c.setInstanceName("dse-" + s.host() + "-" + s.port() + "-" + System.nanoTime());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Members are started by hand or by a test: no reason to wait 5 s before joining.
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "1");
        c.getJetConfig().setEnabled(false);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(s.portAutoIncrement()).setPortCount(100);
        net.getInterfaces().setEnabled(true).addInterface(s.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members()).setConnectionTimeoutSeconds(5);
        c.getExecutorConfig(EXECUTOR).setPoolSize(s.threads()).setQueueCapacity(0).setStatisticsEnabled(true);
        return c;
    }

    /** Starts a member and returns once it has joined (or formed) the cluster. */
    public static HazelcastInstance start(ClusterSettings s) {
        return Hazelcast.newHazelcastInstance(config(s));
    }

    /** Waits until the cluster has at least {@code n} members; returns the member count reached. */
    public static int awaitMembers(HazelcastInstance hz, int n, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (hz.getCluster().getMembers().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return hz.getCluster().getMembers().size();
    }
}

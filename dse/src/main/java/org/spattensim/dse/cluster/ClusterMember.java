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

    /** Each running member's secret, by instance name (a JVM may run several members, as the tests do). */
    private static final java.util.Map<String, ClusterSecret> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

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
        // A member that dies (a killed coordinator) is noticed within seconds, so its workers can exit.
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        ClusterSerialization.configure(c);
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

    /** Starts a member holding {@code secret} and returns once it has joined (or formed) the cluster. */
    public static HazelcastInstance start(ClusterSettings s, ClusterSecret secret) {
        Config c = config(s);
        SECRETS.put(c.getInstanceName(), secret);
        try {
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
            String name = c.getInstanceName();
            hz.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.SHUTDOWN) {
                    SECRETS.remove(name);
                }
            });
            return hz;
        } catch (RuntimeException e) {
            SECRETS.remove(c.getInstanceName());
            throw e;
        }
    }

    /** The secret of a member this JVM started, or null. */
    static ClusterSecret secretOf(HazelcastInstance hz) {
        return hz == null ? null : SECRETS.get(hz.getName());
    }

    /**
     * Waits until the cluster has at least {@code n} members whose addresses are in {@code allowed} (host:port, as
     * {@link ClusterSettings.Address#resolved()} writes them); returns how many it has.
     */
    public static int awaitMembers(HazelcastInstance hz, java.util.Collection<String> allowed, int n, long timeout,
                                   TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (allowedMembers(hz, allowed).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return allowedMembers(hz, allowed).size();
    }

    /** The cluster's members whose address is in {@code allowed}, in the cluster's order. */
    public static java.util.List<com.hazelcast.cluster.Member> allowedMembers(HazelcastInstance hz,
                                                                          java.util.Collection<String> allowed) {
        java.util.List<com.hazelcast.cluster.Member> out = new java.util.ArrayList<>();
        for (com.hazelcast.cluster.Member m : hz.getCluster().getMembers()) {
            if (allowed.contains(addressOf(m))) {
                out.add(m);
            }
        }
        return out;
    }

    /** A member's address as host:port with the host as an IP address. */
    public static String addressOf(com.hazelcast.cluster.Member m) {
        try {
            return m.getAddress().getInetAddress().getHostAddress() + ":" + m.getAddress().getPort();
        } catch (java.net.UnknownHostException e) {
            return m.getAddress().getHost() + ":" + m.getAddress().getPort();
        }
    }
}

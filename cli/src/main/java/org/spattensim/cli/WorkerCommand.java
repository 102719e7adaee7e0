package org.spattensim.cli;

import com.hazelcast.core.HazelcastInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.cluster.ClusterMember;
import org.spattensim.dse.cluster.ClusterSecret;
import org.spattensim.dse.cluster.ClusterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A cluster worker for {@code ./spatten explore --cluster}: evaluates design points until the coordinator leaves. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join an exploration cluster (Hazelcast, TCP-IP only) and evaluate design points for it.",
            "Exits when the coordinator has left and this worker is alone."})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--join", required = true, paramLabel = "<host:port>", description = "Address of the coordinator (the first --cluster address)")
    String join;

    @Option(names = "--bind", paramLabel = "<host[:port]>",
            description = "Interface (and port) this worker binds to (default: the --join host, port 5701 or the next free one)")
    String bind;

    @Option(names = "--threads", paramLabel = "T", description = "Evaluation threads (default: all cores)")
    Integer threads;

    @Option(names = "--cluster-name", paramLabel = "<name>", description = "Cluster name (default: spatten-dse)")
    String clusterName = ClusterSettings.DEFAULT_CLUSTER_NAME;

    @Option(names = "--cluster-secret-file", paramLabel = "<file>",
            description = "The coordinator's cluster secret (default: the environment variable SPATTEN_CLUSTER_SECRET); "
                    + "tasks not signed with it are refused unread")
    Path secretFile;

    @Option(names = "--wait", paramLabel = "<seconds>", defaultValue = "60",
            description = "Exit (code 2) when no coordinator has joined within this time. Default: ${DEFAULT-VALUE}")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        ClusterSettings.Address coordinator = ClusterSettings.address(join, "--join");
        String host = coordinator.host();
        int port = 5701;
        boolean autoIncrement = true;
        if (bind != null) {
            if (bind.contains(":")) {
                ClusterSettings.Address a = ClusterSettings.address(bind, "--bind");
                host = a.host();
                port = a.port();
                autoIncrement = false;
            } else {
                host = bind;
            }
        }
        int t = CliChecks.threads(threads, "--threads");
        if (waitSeconds < 1 || waitSeconds > 86_400) {
            throw InvalidInputException.of("--wait", String.valueOf(waitSeconds), "out of range", "1 to 86400 seconds");
        }
        ClusterSecret secret = ClusterSecret.load(secretFile, System.getenv());
        HazelcastInstance hz = ClusterMember.start(new ClusterSettings(host, port, autoIncrement,
                List.of(coordinator.toString()), clusterName, t), secret);
        try {
            w.printf("worker: %s joined a cluster of %d member(s)%n", hz.getCluster().getLocalMember().getAddress(),
                    hz.getCluster().getMembers().size());
            w.flush();
            // Told by Hazelcast as members join, so a coordinator that comes and goes between two polls still counts.
            java.util.concurrent.atomic.AtomicBoolean joined = new java.util.concurrent.atomic.AtomicBoolean();
            hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
                @Override
                public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
                    joined.set(true);
                }

                @Override
                public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
                }
            });
            boolean sawOthers = hz.getCluster().getMembers().size() > 1;
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            while (hz.getLifecycleService().isRunning()) {
                int n = hz.getCluster().getMembers().size();
                sawOthers |= n > 1 || joined.get();
                if (n <= 1 && sawOthers) {
                    break;
                }
                if (!sawOthers && System.nanoTime() > deadline) {
                    throw InvalidInputException.of("--join " + join, "coordinator", "did not join within " + waitSeconds
                            + " s", "a running ./spatten explore --cluster " + join + ",... with the same --cluster-name ("
                            + clusterName + "); start the coordinator first or raise --wait");
                }
                Thread.sleep(200);
            }
            w.println("worker: the coordinator has left; exiting");
            w.flush();
            return SpattenCli.EXIT_OK;
        } finally {
            hz.shutdown();
        }
    }
}

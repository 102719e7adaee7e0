package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code explore --cluster} with one {@code worker --join} on 127.0.0.1: same front as the in-process run. */
class WorkerCommandTest {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void clusterExploreWithAWorkerEqualsTheInProcessRun() throws Exception {
        String coordinator = "127.0.0.1:" + freePort();
        String worker = "127.0.0.1:" + freePort();
        String name = "cli-test-" + coordinator.hashCode();
        Path secret = secretFile();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StringWriter wo = new StringWriter();
            Future<Integer> w = pool.submit(() -> SpattenCliTest.run(wo, new StringWriter(), "worker", "--join", coordinator,
                    "--bind", worker, "--threads", "1", "--cluster-name", name, "--cluster-secret-file", secret.toString()));
            StringWriter o = new StringWriter();
            int rc = SpattenCliTest.run(o, new StringWriter(), "explore", "--space", "schaffer", "--search", "nsga2",
                    "--budget", "40", "--population", "10", "--seed", "9", "--cluster", coordinator + "," + worker,
                    "--cluster-name", name, "--cluster-secret-file", secret.toString(), "--threads", "1", "--no-plots",
                    "-o", dir.resolve("c").toString());
            assertEquals(0, rc, o.toString());
            assertTrue(o.toString().contains("cluster of 2 member(s)"), o.toString());
            assertEquals(0, w.get(60, TimeUnit.SECONDS), wo.toString());
            assertTrue(wo.toString().contains("coordinator has left"), wo.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "explore", "--space", "schaffer",
                "--search", "nsga2", "--budget", "40", "--population", "10", "--seed", "9", "--threads", "2", "--no-plots",
                "-o", dir.resolve("l").toString()));
        assertEquals(Files.readString(dir.resolve("l/front.csv")), Files.readString(dir.resolve("c/front.csv")));
        assertEquals(Files.readString(dir.resolve("l/evaluations.csv")), Files.readString(dir.resolve("c/evaluations.csv")));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWorkerExitsWhenItsCoordinatorDies() throws Exception {
        Path secret = secretFile();
        String coordinator = "127.0.0.1:" + freePort();
        String name = "cli-kill-" + coordinator.hashCode();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        com.hazelcast.core.HazelcastInstance hz = null;
        try {
            StringWriter wo = new StringWriter();
            Future<Integer> w = pool.submit(() -> SpattenCliTest.run(wo, new StringWriter(), "worker", "--join",
                    coordinator, "--bind", "127.0.0.1:" + freePort(), "--threads", "1", "--cluster-name", name,
                    "--cluster-secret-file", secret.toString(), "--wait", "30"));
            org.spattensim.dse.cluster.ClusterSettings.Address a =
                    org.spattensim.dse.cluster.ClusterSettings.address(coordinator, "test");
            hz = org.spattensim.dse.cluster.ClusterMember.start(new org.spattensim.dse.cluster.ClusterSettings(a.host(),
                    a.port(), false, List.of(coordinator), name, 1),
                    org.spattensim.dse.cluster.ClusterSecret.load(secret, java.util.Map.of()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (hz.getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, hz.getCluster().getMembers().size(), "the worker joined");
            hz.getLifecycleService().terminate(); // no goodbye: as when the coordinator is killed
            assertEquals(0, w.get(45, TimeUnit.SECONDS), wo.toString());
            assertTrue(wo.toString().contains("coordinator has left"), wo.toString());
        } finally {
            if (hz != null) {
                hz.getLifecycleService().terminate();
            }
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWorkerWithoutACoordinatorExitsWithAMessageAndOneWithoutASecretDoesNotStart() throws Exception {
        Path secret = secretFile();
        String nobody = "127.0.0.1:" + freePort();
        StringWriter err = new StringWriter();
        int rc = SpattenCliTest.run(new StringWriter(), err, "worker", "--join", nobody, "--bind", "127.0.0.1:" + freePort(),
                "--threads", "1", "--cluster-secret-file", secret.toString(), "--wait", "2");
        assertEquals(2, rc, err.toString());
        assertTrue(err.toString().contains("did not join within 2 s"), err.toString());
        err = new StringWriter();
        rc = SpattenCliTest.run(new StringWriter(), err, "worker", "--join", nobody, "--cluster-secret-file",
                dir.resolve("missing.txt").toString());
        assertEquals(2, rc, err.toString());
        assertTrue(err.toString().contains("missing.txt"), err.toString());
    }

    /** The cluster secret every member of these tests shares. */
    private Path secretFile() throws java.io.IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "a-shared-test-secret-123456");
        return secret;
    }
}

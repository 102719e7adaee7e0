package org.spattensim.dse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.spattensim.dse.Evaluation;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.ExplorationResult;
import org.spattensim.dse.Explorer;
import org.spattensim.dse.Spaces;
import org.spattensim.dse.search.SearchSettings;

/**
 * Embedded members on 127.0.0.1 (random free ports): the cluster's results equal the in-process run's; members not in
 * the list get no work; a member without the secret cannot answer for one in it; secrets are checked.
 */
class ClusterExecutorTest {
    static final ClusterSecret SECRET = ClusterSecret.of("test-secret-0123456789", "test");
    static final ClusterSecret WRONG = ClusterSecret.of("another-secret-9876543210", "test");
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void clusterRunEqualsInProcessRun() throws Exception {
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<HazelcastInstance> members = new ArrayList<>();
        try {
            for (int port : ports) {
                members.add(ClusterMember.start(new ClusterSettings("127.0.0.1", port, false, addresses,
                        "dse-test-" + ports.get(0), 2), SECRET));
            }
            HazelcastInstance coordinator = members.get(0);
            assertEquals(3, ClusterMember.awaitMembers(coordinator, addresses, 3, 30, TimeUnit.SECONDS));
            for (HazelcastInstance m : members) {
                String bound = m.getCluster().getLocalMember().getAddress().getHost();
                assertEquals("127.0.0.1", bound);
            }
            EvaluationContext ctx = new EvaluationContext(Spaces.schafferGrid(null), "", "");
            SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, 60, 4).withPopulationSize(12);
            ExplorationResult cluster;
            try (ClusterExecutor ex = new ClusterExecutor(coordinator, ctx, SECRET, addresses)) {
                cluster = Explorer.explore(ctx, s, ex, null, null);
            }
            ExplorationResult local = Explorer.explore(ctx, s, 2);
            assertEquals(keys(local.evaluations()), keys(cluster.evaluations()));
            assertEquals(keys(local.front()), keys(cluster.front()));
            assertEquals(60, cluster.evaluatedNow());
            // A fast model's front confirmed on the cluster equals the in-process confirmation.
            EvaluationContext fast = Explorer.context(org.spattensim.dse.space.DesignSpace.parse("""
                    name: fast-cluster
                    model: {name: spatten-fast, base: spatten-1/8}
                    parameters:
                      bufferLines: {type: choice, values: [1024, 2048], keys: [buffers.keyLines, buffers.valueLines]}
                      multipliers: {type: choice, values: [64, 128], keys: [compute.qkMultipliers, compute.pvMultipliers]}
                    objectives:
                      - {metric: cycles}
                      - {metric: area_mm2}
                    """, "fast-cluster"), "small");
            SearchSettings grid = SearchSettings.of(SearchSettings.Algorithm.GRID, 4, 1);
            ExplorationResult fastCluster;
            try (ClusterExecutor ex = new ClusterExecutor(coordinator, fast, SECRET, addresses);
                 ClusterExecutor ref = new ClusterExecutor(coordinator, Explorer.referenceContext(fast), SECRET,
                         addresses)) {
                fastCluster = Explorer.confirm(fast, Explorer.explore(fast, grid, ex, null, null), ref, null);
            }
            ExplorationResult fastLocal = Explorer.exploreAndConfirm(fast, grid, 2);
            assertEquals(confirmed(fastLocal), confirmed(fastCluster));
            assertEquals(fastLocal.front().size(), confirmed(fastCluster).size());
            // Every member took part.
            for (HazelcastInstance m : members) {
                long done = m.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats().getCompletedTaskCount();
                assertTrue(done > 0, m.getName() + " ran no task");
            }
        } finally {
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void strangersGetNoWorkAndAMemberWithoutTheSecretCannotAnswer() throws Exception {
        int a = freePort();
        int b = freePort();
        int stranger = freePort();
        List<String> listed = List.of("127.0.0.1:" + a, "127.0.0.1:" + b);
        String name = "dse-test-" + a;
        List<HazelcastInstance> members = new ArrayList<>();
        try {
            HazelcastInstance coordinator = ClusterMember.start(new ClusterSettings("127.0.0.1", a, false, listed, name, 2),
                    SECRET);
            members.add(coordinator);
            // A listed address whose member holds another secret, and an unlisted member holding the right one.
            HazelcastInstance impostor = ClusterMember.start(new ClusterSettings("127.0.0.1", b, false, listed, name, 2),
                    WRONG);
            members.add(impostor);
            HazelcastInstance unlisted = ClusterMember.start(new ClusterSettings("127.0.0.1", stranger, false,
                    List.of("127.0.0.1:" + a), name, 2), SECRET);
            members.add(unlisted);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (coordinator.getCluster().getMembers().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(3, coordinator.getCluster().getMembers().size(), "all three joined Hazelcast");
            assertEquals(2, ClusterMember.allowedMembers(coordinator, listed).size());
            EvaluationContext ctx = new EvaluationContext(Spaces.schafferGrid(null), "", "");
            SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, 24, 4).withPopulationSize(8);
            ExplorationResult cluster;
            int discarded;
            try (ClusterExecutor ex = new ClusterExecutor(coordinator, ctx, SECRET, listed)) {
                cluster = Explorer.explore(ctx, s, ex, null, null);
                discarded = ex.discardedAnswers();
            }
            assertEquals(keys(Explorer.explore(ctx, s, 2).evaluations()), keys(cluster.evaluations()),
                    "the coordinator alone produced every result");
            assertTrue(discarded > 0, "the impostor's refusals were discarded");
            assertEquals(0, unlisted.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats()
                    .getCompletedTaskCount(), "the unlisted member got no task");
            // A task signed with another secret is refused unread by a member, with a reason.
            EvaluateTask forged = new EvaluateTask(WRONG, ctx, List.of());
            forged.setHazelcastInstance(coordinator);
            SignedPayload answer = forged.call();
            assertTrue(answer.refusal.contains("not signed"), answer.refusal);
            assertTrue(!answer.authentic(WRONG, forged.nonce()) && !answer.authentic(SECRET, forged.nonce()));
        } finally {
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }

    @Test
    void secretsAreCheckedWhereTheyEnter(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> ClusterSecret.load(null, java.util.Map.of()));
        assertTrue(e.getMessage().contains(ClusterSecret.OPTION) && e.getMessage().contains(ClusterSecret.ENV), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> ClusterSecret.of("short", "x"));
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
        java.nio.file.Path f = dir.resolve("secret.txt");
        java.nio.file.Files.writeString(f, "0123456789abcdef0123\n");
        ClusterSecret fromFile = ClusterSecret.load(f, java.util.Map.of(ClusterSecret.ENV, "ignored-when-a-file-is-given"));
        byte[] n = ClusterSecret.nonce();
        assertTrue(fromFile.verify(fromFile.mac(n, new byte[] {1}), n, new byte[] {1}));
        assertTrue(!fromFile.verify(fromFile.mac(n, new byte[] {1}), n, new byte[] {2}));
        // Length-prefixed parts: moving a byte from one part to the next changes the MAC.
        assertTrue(!java.util.Arrays.equals(fromFile.mac(new byte[] {1, 2}, new byte[] {3}),
                fromFile.mac(new byte[] {1}, new byte[] {2, 3})));
    }

    static List<String> confirmed(ExplorationResult r) {
        return r.confirmation().orElseThrow().points().stream()
                .map(p -> p.surrogate().point().key() + "=" + p.reference().metrics().get("cycles")).toList();
    }

    static List<String> keys(List<Evaluation> l) {
        return l.stream().map(e -> e.point().key() + "=" + e.objectives()[0] + "," + e.objectives()[1]).toList();
    }
}

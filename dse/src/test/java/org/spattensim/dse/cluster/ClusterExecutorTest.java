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

/** Three embedded members on 127.0.0.1 (random free ports): the cluster's results equal the in-process run's. */
class ClusterExecutorTest {
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
                        "dse-test-" + ports.get(0), 2)));
            }
            HazelcastInstance coordinator = members.get(0);
            assertEquals(3, ClusterMember.awaitMembers(coordinator, 3, 30, TimeUnit.SECONDS));
            for (HazelcastInstance m : members) {
                String bound = m.getCluster().getLocalMember().getAddress().getHost();
                assertEquals("127.0.0.1", bound);
            }
            EvaluationContext ctx = new EvaluationContext(Spaces.schafferGrid(null), "", "");
            SearchSettings s = SearchSettings.of(SearchSettings.Algorithm.NSGA2, 60, 4).withPopulationSize(12);
            ExplorationResult cluster;
            try (ClusterExecutor ex = new ClusterExecutor(coordinator, ctx)) {
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
                      - {metric: areaMm2}
                    """, "fast-cluster"), "small");
            SearchSettings grid = SearchSettings.of(SearchSettings.Algorithm.GRID, 4, 1);
            ExplorationResult fastCluster;
            try (ClusterExecutor ex = new ClusterExecutor(coordinator, fast);
                 ClusterExecutor ref = new ClusterExecutor(coordinator, Explorer.referenceContext(fast))) {
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

    static List<String> confirmed(ExplorationResult r) {
        return r.confirmation().orElseThrow().points().stream()
                .map(p -> p.surrogate().point().key() + "=" + p.reference().metrics().get("cycles")).toList();
    }

    static List<String> keys(List<Evaluation> l) {
        return l.stream().map(e -> e.point().key() + "=" + e.objectives()[0] + "," + e.objectives()[1]).toList();
    }
}

package org.spattensim.dse.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.exec.PointExecutor;
import org.spattensim.dse.space.DesignPoint;

/**
 * Evaluates points on every member of a Hazelcast cluster through its {@link IExecutorService}: a batch is
 * cut into chunks (about four per member), dealt round-robin over the members, and reassembled in the batch's
 * order, so the search sees exactly what an in-process run sees. A chunk whose member leaves is resubmitted
 * to any member (up to {@link #RETRIES} times). Results are handed on chunk by chunk as they arrive.
 */
public final class ClusterExecutor implements PointExecutor {
    static final int RETRIES = 3;
    private final HazelcastInstance hz;
    private final EvaluationContext context;
    private final IExecutorService executor;

    public ClusterExecutor(HazelcastInstance hz, EvaluationContext context) {
        this.hz = hz;
        this.context = context;
        this.executor = hz.getExecutorService(ClusterMember.EXECUTOR);
    }

    @Override
    public List<Measurement> evaluateAll(List<DesignPoint> points, Consumer<Measurement> onResult) {
        List<Member> members = new ArrayList<>(hz.getCluster().getMembers());
        int chunks = Math.max(1, Math.min(points.size(), members.size() * 4));
        int size = (points.size() + chunks - 1) / chunks;
        List<CompletableFuture<List<Measurement>>> futures = new ArrayList<>();
        Object lock = new Object();
        for (int start = 0, n = 0; start < points.size(); start += size, n++) {
            EvaluateTask task = new EvaluateTask(context, points.subList(start, Math.min(points.size(), start + size)));
            CompletableFuture<List<Measurement>> f = new CompletableFuture<>();
            submit(task, members.get(n % members.size()), f, RETRIES);
            futures.add(f.thenApply(list -> {
                synchronized (lock) {
                    list.forEach(onResult);
                }
                return list;
            }));
        }
        List<Measurement> out = new ArrayList<>(points.size());
        try {
            for (CompletableFuture<List<Measurement>> f : futures) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating on the cluster", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cluster evaluation failed: " + c, c);
        }
        return out;
    }

    private void submit(EvaluateTask task, Member member, CompletableFuture<List<Measurement>> f, int retries) {
        ExecutionCallback<List<Measurement>> cb = new ExecutionCallback<>() {
            @Override
            public void onResponse(List<Measurement> response) {
                f.complete(response);
            }

            @Override
            public void onFailure(Throwable t) {
                if (retries > 0 && isMembershipFailure(t)) {
                    submit(task, null, f, retries - 1);
                } else {
                    f.completeExceptionally(t);
                }
            }
        };
        if (member == null) {
            executor.submit(task, cb);
        } else {
            executor.submitToMember(task, member, cb);
        }
    }

    private static boolean isMembershipFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof com.hazelcast.core.MemberLeftException
                    || c instanceof com.hazelcast.spi.exception.TargetNotMemberException
                    || c instanceof com.hazelcast.core.HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int parallelism() {
        return hz.getCluster().getMembers().size();
    }

    /** Leaves the cluster's members running; whoever started the member shuts it down. */
    @Override
    public void close() {
    }
}

package org.spattensim.dse.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.exec.PointExecutor;
import org.spattensim.dse.space.DesignPoint;

/**
 * Evaluates points on the members of a Hazelcast cluster through its {@link IExecutorService}: a batch is cut into
 * chunks (about four per member), dealt round-robin over the <b>allowed</b> members (those whose address is in the
 * {@code --cluster} list; anyone else who joins gets no work), and reassembled in the batch's order, so the search
 * sees exactly what an in-process run sees. Every task is signed with the cluster secret and every answer must be
 * signed over its task's nonce; an answer that is not (a member without the secret) is discarded and its chunk goes
 * to another allowed member, as a chunk whose member leaves does (up to {@link #RETRIES} times). Results are handed
 * on chunk by chunk as they arrive.
 */
public final class ClusterExecutor implements PointExecutor {
    static final int RETRIES = 3;
    private final HazelcastInstance hz;
    private final EvaluationContext context;
    private final IExecutorService executor;
    private final ClusterSecret secret;
    private final Set<String> allowed;
    private final AtomicInteger discarded = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param allowed the members that may evaluate, as host:port with IP hosts ({@link ClusterSettings.Address#resolved})
     */
    public ClusterExecutor(HazelcastInstance hz, EvaluationContext context, ClusterSecret secret,
                           Collection<String> allowed) {
        this.hz = hz;
        this.context = context;
        this.secret = secret;
        this.allowed = Set.copyOf(allowed);
        this.executor = hz.getExecutorService(ClusterMember.EXECUTOR);
    }

    /** Answers discarded because they were not signed with the cluster secret. */
    public int discardedAnswers() {
        return discarded.get();
    }

    private List<Member> members() {
        List<Member> m = ClusterMember.allowedMembers(hz, allowed);
        if (m.isEmpty()) {
            throw new IllegalStateException("no allowed member left in the cluster (allowed: " + allowed + ")");
        }
        return m;
    }

    @Override
    public List<Measurement> evaluateAll(List<DesignPoint> points, Consumer<Measurement> onResult) {
        List<Member> members = members();
        int chunks = Math.max(1, Math.min(points.size(), members.size() * 4));
        int size = (points.size() + chunks - 1) / chunks;
        List<CompletableFuture<List<Measurement>>> futures = new ArrayList<>();
        Object lock = new Object();
        for (int start = 0, n = 0; start < points.size(); start += size, n++) {
            EvaluateTask task = new EvaluateTask(secret, context, points.subList(start, Math.min(points.size(), start + size)));
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

    /** Another allowed member than {@code not} when there is one. */
    private Member other(Member not) {
        List<Member> m = members();
        for (int i = 0; i < m.size(); i++) {
            Member c = m.get(Math.floorMod(next.getAndIncrement(), m.size()));
            if (!c.equals(not)) {
                return c;
            }
        }
        return m.get(0);
    }

    private void submit(EvaluateTask task, Member member, CompletableFuture<List<Measurement>> f, int retries) {
        ExecutionCallback<SignedPayload> cb = new ExecutionCallback<>() {
            @Override
            public void onResponse(SignedPayload response) {
                if (response == null || !response.authentic(secret, task.nonce())) {
                    discarded.incrementAndGet();
                    String why = "member " + ClusterMember.addressOf(member) + " answered without this cluster's "
                            + "secret" + (response != null && !response.refusal.isEmpty() ? " (" + response.refusal + ")" : "");
                    if (retries > 0) {
                        resubmit(why);
                    } else {
                        f.completeExceptionally(org.spattensim.common.InvalidInputException.of("cluster", ClusterSecret.OPTION,
                                why + "; its answers were discarded", "the same secret on every member"));
                    }
                    return;
                }
                EvaluateTask.Response r;
                try {
                    r = (EvaluateTask.Response) response.open();
                } catch (RuntimeException | LinkageError e) {
                    f.completeExceptionally(e);
                    return;
                }
                if (r.error() != null) {
                    f.completeExceptionally(new IllegalStateException("member " + ClusterMember.addressOf(member)
                            + " failed to evaluate: " + r.error()));
                } else {
                    f.complete(r.measurements());
                }
            }

            @Override
            public void onFailure(Throwable t) {
                if (retries > 0 && isMembershipFailure(t)) {
                    resubmit(String.valueOf(t));
                } else {
                    f.completeExceptionally(t);
                }
            }

            private void resubmit(String why) {
                try {
                    submit(task, other(member), f, retries - 1);
                } catch (RuntimeException e) {
                    f.completeExceptionally(new IllegalStateException(why + "; " + e.getMessage(), e));
                }
            }
        };
        executor.submitToMember(task, member, cb);
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
        return ClusterMember.allowedMembers(hz, allowed).size();
    }

    /** Leaves the cluster's members running; whoever started the member shuts it down. */
    @Override
    public void close() {
    }
}

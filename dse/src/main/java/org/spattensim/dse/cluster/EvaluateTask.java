package org.spattensim.dse.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spattensim.dse.EvaluationContext;
import org.spattensim.dse.Evaluator;
import org.spattensim.dse.Evaluators;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

/**
 * A chunk of points evaluated on a cluster member, signed with the cluster secret. The member checks the MAC before
 * reading anything, builds the evaluator from the context once ({@link Evaluators#shared}, so parsed workloads are
 * reused across chunks), and answers with the measurements signed over the task's nonce, or with a refusal.
 */
public final class EvaluateTask implements Callable<SignedPayload>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private SignedPayload request = new SignedPayload();
    private transient HazelcastInstance hz;

    /** For Hazelcast's factory. */
    public EvaluateTask() {
    }

    EvaluateTask(ClusterSecret secret, EvaluationContext context, List<DesignPoint> points) {
        this.request = SignedPayload.seal(secret, ClusterSecret.nonce(), new Request(context, new ArrayList<>(points)));
    }

    /** What a task carries. */
    record Request(EvaluationContext context, ArrayList<DesignPoint> points) implements Serializable {}

    /** What a member answers: the measurements in the chunk's order, or why it could not evaluate them. */
    record Response(ArrayList<Measurement> measurements, String error) implements Serializable {}

    byte[] nonce() {
        return request.nonce;
    }

    @Override
    public SignedPayload call() {
        ClusterSecret secret = ClusterMember.secretOf(hz);
        if (secret == null) {
            return SignedPayload.refused(request.nonce, "this member holds no cluster secret");
        }
        if (!secret.verify(request.mac, request.nonce, request.body)) {
            return SignedPayload.refused(request.nonce, "the task is not signed with this member's cluster secret");
        }
        if (!(request.open() instanceof Request r)) {
            return SignedPayload.refused(request.nonce, "the task's body is not an evaluation request");
        }
        try {
            Evaluator evaluator = Evaluators.shared(r.context());
            ArrayList<Measurement> out = new ArrayList<>(r.points().size());
            for (DesignPoint p : r.points()) {
                out.add(Measurement.of(evaluator, p));
            }
            return SignedPayload.seal(secret, request.nonce, new Response(out, null));
        } catch (RuntimeException e) {
            // Answered, not thrown: a thrown exception would travel Java-serialized.
            return SignedPayload.seal(secret, request.nonce, new Response(null, String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.EVALUATE_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        request.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        request = new SignedPayload();
        request.readData(in);
    }
}

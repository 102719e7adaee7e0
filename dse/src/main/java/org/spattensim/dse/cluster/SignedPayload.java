package org.spattensim.dse.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Bytes between members with their MAC: the task's nonce, the body (our objects, Java-serialized) and
 * HMAC(secret, nonce, body), or a refusal with its reason. Hazelcast moves it by its own factory
 * ({@link ClusterSerialization}), so nothing a peer sends is Java-deserialized on arrival; the body is deserialized
 * only after {@link #open} has checked the MAC, and then only into the project's own classes and the JDK's basic
 * value and collection types.
 */
public final class SignedPayload implements IdentifiedDataSerializable {
    /** What the body may hold: our classes, boxed numbers, strings, collections; nothing else, bounded in size. */
    static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=10000000;maxbytes=268435456;org.spattensim.**;java.lang.*;java.util.*;java.math.*;!*");

    byte[] nonce = new byte[0];
    byte[] body = new byte[0];
    byte[] mac = new byte[0];
    String refusal = "";

    public SignedPayload() {
    }

    static SignedPayload seal(ClusterSecret secret, byte[] nonce, Serializable value) {
        SignedPayload p = new SignedPayload();
        p.nonce = nonce;
        p.body = serialize(value);
        p.mac = secret.mac(nonce, p.body);
        return p;
    }

    static SignedPayload refused(byte[] nonce, String reason) {
        SignedPayload p = new SignedPayload();
        p.nonce = nonce;
        p.refusal = reason;
        return p;
    }

    /** True when the payload answers {@code expectedNonce} and carries a valid MAC. */
    boolean authentic(ClusterSecret secret, byte[] expectedNonce) {
        return refusal.isEmpty() && java.security.MessageDigest.isEqual(nonce, expectedNonce)
                && secret.verify(mac, nonce, body);
    }

    /** The body, once {@link #authentic}; the caller checks first. */
    Object open() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(body))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalStateException("cluster payload holds a class outside the allowed set: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cluster payload cannot be read: " + e, e);
        }
    }

    static byte[] serialize(Serializable value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a cluster payload: " + e, e);
        }
        return b.toByteArray();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.SIGNED_PAYLOAD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(nonce);
        out.writeByteArray(body);
        out.writeByteArray(mac);
        out.writeString(refusal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nonce = orEmpty(in.readByteArray());
        body = orEmpty(in.readByteArray());
        mac = orEmpty(in.readByteArray());
        String r = in.readString();
        refusal = r == null ? "" : r;
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}

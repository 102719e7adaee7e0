package org.spattensim.dse.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.spattensim.common.InputFiles;
import org.spattensim.common.InvalidInputException;

/**
 * The secret every member of one exploration cluster holds: tasks and answers carry an HMAC-SHA256 over their bytes
 * with it, and a member deserializes nothing a peer sent before the MAC proves the peer holds the secret. Hazelcast's
 * open-source member join has no authentication of its own; this is ours. Given in a file
 * ({@code --cluster-secret-file}) or the environment variable {@value #ENV}; at least {@value #MIN_BYTES} bytes.
 */
public final class ClusterSecret {
    public static final String ENV = "SPATTEN_CLUSTER_SECRET";
    public static final String OPTION = "--cluster-secret-file";
    static final int MIN_BYTES = 16;
    static final long MAX_FILE_BYTES = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    private ClusterSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A secret from its text ({@code source} names where it came from in errors). */
    public static ClusterSecret of(String text, String source) {
        String s = text == null ? "" : text.strip();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < MIN_BYTES) {
            throw InvalidInputException.of(source, "cluster secret", "is " + b.length + " bytes long",
                    "at least " + MIN_BYTES + " bytes (e.g. head -c 32 /dev/urandom | base64 > secret.txt)");
        }
        return new ClusterSecret(b);
    }

    /** The secret from {@code file} if given, else from {@value #ENV}; refused with both named when neither is. */
    public static ClusterSecret load(Path file, Map<String, String> env) {
        if (file != null) {
            InputFiles.requireRegular(file, "a cluster secret file");
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw InvalidInputException.of(file.toString(), OPTION, "is " + Files.size(file) + " bytes",
                            "a secret file of at most " + MAX_FILE_BYTES + " bytes");
                }
                return of(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw InvalidInputException.of(file.toString(), OPTION, "cannot be read: " + e.getMessage(),
                        "a readable secret file");
            }
        }
        String v = env.get(ENV);
        if (v == null) {
            throw InvalidInputException.of(OPTION, "cluster secret", "is missing: a cluster runs only between members "
                    + "that share a secret", OPTION + " FILE on every member, or the environment variable " + ENV);
        }
        return of(v, ENV);
    }

    /** HMAC-SHA256 over the parts, each length-prefixed so no two part lists collide. */
    byte[] mac(byte[]... parts) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            for (byte[] p : parts) {
                int n = p.length;
                m.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
                m.update(p);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time check of a MAC. */
    boolean verify(byte[] mac, byte[]... parts) {
        return mac != null && MessageDigest.isEqual(mac, mac(parts));
    }

    static byte[] nonce() {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        return n;
    }
}

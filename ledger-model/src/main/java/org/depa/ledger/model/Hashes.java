package org.depa.ledger.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: the ledger's content addresses are lower-case hex SHA-256. */
public final class Hashes {
    /**
     * One digest per thread: looking the algorithm up in the provider list for every hash cost more
     * than hashing a signature. {@code digest} resets it, so nothing carries over between calls.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private Hashes() {}

    public static byte[] sha256(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset(); // a digest left half-fed by an exception elsewhere must not leak into this one
        return digest.digest(data);
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}

package org.depa.dataset;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A dataset key: 32 random bytes (AES-256), the form the TDP's key-release service holds and
 * releases to an attested clean room. {@link #toString()} never shows the bytes, so a key that
 * slips into a log line shows nothing.
 */
public final class DatasetKey {
    /** Key length in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private DatasetKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh key from the platform's strong random source. */
    public static DatasetKey generate() {
        byte[] b = new byte[LENGTH];
        try {
            SecureRandom.getInstanceStrong().nextBytes(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            new SecureRandom().nextBytes(b);
        }
        return new DatasetKey(b);
    }

    /** Wraps a copy of exactly {@value #LENGTH} bytes. */
    public static DatasetKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a dataset key is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new DatasetKey(bytes.clone());
    }

    /** Parses a key's base64 (surrounding whitespace ignored); key files are read with {@link #read}. */
    public static DatasetKey fromBase64(String text) {
        Objects.requireNonNull(text, "text");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dataset key file: not base64", e);
        }
        try {
            return of(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /** Reads a key file that says it holds this kind of key ({@link KeyFile}). */
    public static DatasetKey read(java.nio.file.Path file) throws java.io.IOException {
        byte[] b = KeyFile.read(file, KeyFile.Kind.DATASET);
        try {
            return fromBytes(b, file.toString());
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Writes this key to a new owner-only key file of its kind; never overwrites ({@link KeyFile}). */
    public void writeNew(java.nio.file.Path file) throws java.io.IOException {
        KeyFile.writeNew(file, KeyFile.Kind.DATASET, toBase64());
    }

    private static DatasetKey fromBytes(byte[] b, String source) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException(source + ": a key is " + LENGTH + " bytes, got " + b.length);
        }
        return new DatasetKey(b.clone());
    }

    /** The key's base64, the second line of its key file. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A copy of the key bytes; the caller clears it when done. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Overwrites the key bytes; the key is unusable afterwards. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "DatasetKey[redacted]";
    }
}

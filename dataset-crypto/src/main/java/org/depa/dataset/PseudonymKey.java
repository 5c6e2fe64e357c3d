package org.depa.dataset;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The secret of keyed-hash pseudonymisation. TDPs whose tables are to be joined in the clean
 * room share one pseudonym key (agreed among them, never given to the TDC or the CCR provider):
 * the same identifier then maps to the same pseudonym at every TDP, while nobody without the key
 * can recompute a pseudonym from a guessed phone number. An unsalted hash, as the reference
 * implementation uses, is reversed by hashing all 10^10 phone numbers.
 */
public final class PseudonymKey {
    /** Key length in bytes (HMAC-SHA-256 block-sized keys gain nothing over 32). */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private PseudonymKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh key from the platform's strong random source. */
    public static PseudonymKey generate() {
        byte[] b = new byte[LENGTH];
        new SecureRandom().nextBytes(b);
        return new PseudonymKey(b);
    }

    /** Parses a key's base64 ({@value #LENGTH} bytes); key files are read with {@link #read}. */
    public static PseudonymKey fromBase64(String text) {
        Objects.requireNonNull(text, "text");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pseudonym key file: not base64", e);
        }
        if (decoded.length != LENGTH) {
            Arrays.fill(decoded, (byte) 0);
            throw new IllegalArgumentException("a pseudonym key is " + LENGTH + " bytes");
        }
        return new PseudonymKey(decoded);
    }

    /** Reads a key file that says it holds this kind of key ({@link KeyFile}). */
    public static PseudonymKey read(java.nio.file.Path file) throws java.io.IOException {
        byte[] b = KeyFile.read(file, KeyFile.Kind.PSEUDONYM);
        try {
            return fromBytes(b, file.toString());
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Writes this key to a new owner-only key file of its kind; never overwrites ({@link KeyFile}). */
    public void writeNew(java.nio.file.Path file) throws java.io.IOException {
        KeyFile.writeNew(file, KeyFile.Kind.PSEUDONYM, toBase64());
    }

    private static PseudonymKey fromBytes(byte[] b, String source) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException(source + ": a key is " + LENGTH + " bytes, got " + b.length);
        }
        return new PseudonymKey(b.clone());
    }

    /** The key's base64, the second line of its key file. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "PseudonymKey[redacted]";
    }
}

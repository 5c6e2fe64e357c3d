package org.depa.dataset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces an identifier by HMAC-SHA-256(key, label || value), hex-encoded. The label separates
 * uses of one key (a pseudonym made for joining cannot be replayed as another column's), and the
 * value is trimmed so that "629434961" and " 629434961" at two TDPs still join.
 */
public final class Pseudonymiser {
    private static final String LABEL = "depa/pseudonym/v1\0";

    private final Mac mac;

    /** A pseudonymiser under {@code key}. */
    public Pseudonymiser(PseudonymKey key) {
        Objects.requireNonNull(key, "key");
        byte[] raw = key.bytes();
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The pseudonym of {@code value}; an empty value stays empty (missing stays missing). */
    public String pseudonym(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        if (v.isEmpty()) {
            return "";
        }
        mac.update(LABEL.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(v.getBytes(StandardCharsets.UTF_8)));
    }
}

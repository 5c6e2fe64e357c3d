package org.depa.kms.protocol;

import java.util.Objects;

/**
 * A bridge's single-use nonce. The clean room binds it into its report's REPORT_DATA (see
 * {@link ReportDataBinding}) and must use it before {@code expiresAt}; the bridge accepts it once.
 *
 * @param nonce base64url (no padding) of 32 random bytes
 * @param expiresAt ISO-8601 instant after which the bridge refuses it
 */
public record Challenge(String nonce, String expiresAt) {
    public Challenge {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The nonce's bytes; throws IllegalArgumentException if it is not base64url. */
    public byte[] nonceBytes() {
        return Codec.base64Url(nonce, "nonce");
    }
}

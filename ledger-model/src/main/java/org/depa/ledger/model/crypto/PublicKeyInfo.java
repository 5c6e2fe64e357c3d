package org.depa.ledger.model.crypto;

import java.time.Instant;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * A parsed public key ready for verification.
 *
 * @param notBefore start of the certificate's validity, or null for a bare public key
 * @param notAfter end of the certificate's validity, or null for a bare public key
 * @param sha256 SHA-256 hex of the DER encoding (certificate or SubjectPublicKeyInfo)
 */
public record PublicKeyInfo(
        SignatureAlgorithm algorithm, AsymmetricKeyParameter key, Instant notBefore, Instant notAfter, String sha256) {

    /** True when {@code at} is inside the certificate's validity; bare keys are always valid. */
    public boolean validAt(Instant at) {
        return notBefore == null || (!at.isBefore(notBefore) && !at.isAfter(notAfter));
    }
}

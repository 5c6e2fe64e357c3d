package org.depa.ledger.model.domain;

/**
 * A TDC's dedicated public encryption key, registered on the ledger, to which a training job's
 * output is sealed. EC P-256 or P-384 only (ECDH), and never the TDC's signing key.
 *
 * @param keySha256 SHA-256 hex of the key's SubjectPublicKeyInfo (DER)
 * @param curve {@code P-256} or {@code P-384}
 */
public record OutputKey(
        String keyId,
        String tdcId,
        String publicKeyPem,
        String curve,
        String keySha256,
        String registeredAt,
        String txId) {}

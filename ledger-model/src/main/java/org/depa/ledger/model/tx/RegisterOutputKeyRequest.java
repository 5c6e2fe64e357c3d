package org.depa.ledger.model.tx;

/** jobs:registerOutputKey, by a TDC: a PEM SubjectPublicKeyInfo, EC P-256 or P-384. */
public record RegisterOutputKeyRequest(String keyId, String tdcId, String publicKeyPem) {}

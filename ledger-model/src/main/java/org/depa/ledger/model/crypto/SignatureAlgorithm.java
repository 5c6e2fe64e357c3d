package org.depa.ledger.model.crypto;

/** The long-term and run-key algorithms the ledger accepts. */
public enum SignatureAlgorithm {
    ECDSA_P256_SHA256,
    ECDSA_P384_SHA384,
    ED25519
}

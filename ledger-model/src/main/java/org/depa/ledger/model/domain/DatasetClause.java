package org.depa.ledger.model.domain;

/**
 * One dataset in a contract. {@code tdpId} and {@code ciphertextSha256} are filled in by the
 * ledger from the dataset's registration, so every party signs the exact ciphertext it agreed to.
 */
public record DatasetClause(
        String datasetId,
        String tdpId,
        String ciphertextSha256,
        String joinColumn,
        PrivacyConstraints privacy,
        Long paymentMinor) {}

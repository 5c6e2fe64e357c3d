package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One dataset in a contract. {@code tdpId} and {@code ciphertextSha256} are filled in by the
 * ledger from the dataset's registration, so every party signs the exact ciphertext it agreed to;
 * so is {@code payout}, the accounts the TDP named in its dataset's terms (null when it named none;
 * omitted from the JSON then, so older contracts hash as they did).
 */
public record DatasetClause(
        String datasetId,
        String tdpId,
        String ciphertextSha256,
        String joinColumn,
        PrivacyConstraints privacy,
        Long paymentMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) PayoutAccounts payout) {

    /** A clause without payout accounts. */
    public DatasetClause(
            String datasetId,
            String tdpId,
            String ciphertextSha256,
            String joinColumn,
            PrivacyConstraints privacy,
            Long paymentMinor) {
        this(datasetId, tdpId, ciphertextSha256, joinColumn, privacy, paymentMinor, null);
    }
}

package org.depa.ledger.model.domain;

/** DRAFT -> ACTIVE -> COMPLETED | REVOKED | EXPIRED; a DRAFT may also be REVOKED or EXPIRED. */
public enum ContractStatus {
    DRAFT,
    ACTIVE,
    COMPLETED,
    REVOKED,
    EXPIRED;

    public boolean isFinal() {
        return this == COMPLETED || this == REVOKED || this == EXPIRED;
    }
}

package org.depa.ledger.model.domain;

public enum PaymentStatus {
    PENDING,
    SETTLED
}

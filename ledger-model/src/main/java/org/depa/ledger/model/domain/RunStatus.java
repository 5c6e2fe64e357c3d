package org.depa.ledger.model.domain;

public enum RunStatus {
    STARTED,
    COMPLETED,
    FAILED
}

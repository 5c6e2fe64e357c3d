package org.depa.ledger.model.domain;

public enum MeasurementStatus {
    CERTIFIED,
    REVOKED
}

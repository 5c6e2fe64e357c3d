package org.depa.ledger.model.domain;

public enum DatasetStatus {
    AVAILABLE,
    WITHDRAWN
}

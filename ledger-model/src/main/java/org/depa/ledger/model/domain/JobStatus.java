package org.depa.ledger.model.domain;

/**
 * A training job's status: SUBMITTED -> SCHEDULED -> RUNNING -> COMPLETED | FAILED, or CANCELLED
 * by its TDC before RUNNING. A job that is not final holds its contracts: no other job may name
 * them.
 */
public enum JobStatus {
    SUBMITTED,
    SCHEDULED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}

package org.depa.ledger.model.domain;

/** PENDING until the SRO verifies; SUSPENDED participants can neither act nor have signatures counted. */
public enum ParticipantStatus {
    PENDING,
    VERIFIED,
    SUSPENDED
}

package org.depa.ledger.model.tx;

/** contracts:activate, contracts:revoke and contracts:expire. */
public record ContractActionRequest(String contractId, String participantId, String reason) {}

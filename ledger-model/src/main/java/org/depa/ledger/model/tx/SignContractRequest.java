package org.depa.ledger.model.tx;

/** contracts:sign: base64 signature over the signing payload of (contractId, version). */
public record SignContractRequest(String contractId, Integer version, String participantId, String signature) {}

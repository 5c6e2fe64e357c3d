package org.depa.ledger.model.tx;

/** participants:signAgreement: the participant's signature over the agreement signing payload. */
public record SignAgreementRequest(String participantId, String version, String signature) {}

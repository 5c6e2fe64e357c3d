package org.depa.ledger.model.tx;

/** participants:publishAgreement, SRO only. */
public record PublishAgreementRequest(String version, String textSha256) {}

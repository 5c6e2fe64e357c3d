package org.depa.ledger.model.tx;

/**
 * participants:bindClient, SRO only: the client certificate that acts for a participant from now
 * on (a lost or rotated enrolment key), after the SRO verified the change out of band.
 */
public record BindClientRequest(String participantId, String clientCertificatePem, String reason) {}

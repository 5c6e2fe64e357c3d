package org.depa.ledger.model.tx;

/** participants:verify and participants:suspend, SRO only. */
public record ParticipantStatusRequest(String participantId, String reason) {}

package org.depa.ledger.model.tx;

import org.depa.ledger.model.domain.Role;

/** participants:register, submitted by a client of the participant's own organisation. */
public record RegisterParticipantRequest(String id, Role role, String mspId, String name, String certificatePem) {}

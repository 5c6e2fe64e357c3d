package org.depa.ledger.model.tx;

/**
 * jobs:schedule, start, fail (the job's CCR provider) and cancel (its TDC).
 *
 * @param participantId the participant acting: the CCR provider, or the TDC for cancel
 * @param reason required to fail, optional otherwise
 */
public record JobActionRequest(String jobId, String participantId, String reason) {}

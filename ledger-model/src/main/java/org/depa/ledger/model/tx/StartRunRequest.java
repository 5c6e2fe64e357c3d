package org.depa.ledger.model.tx;

/**
 * runs:start, by the contract's CCR provider, with the run's attested public key and the chip the
 * start report came from: {@code chipId} (64 bytes, hex; all zero for a VLEK-signed report, which
 * names no chip) and {@code reportedTcb} (REPORTED_TCB, 8 bytes, hex). Every key release of the
 * run must come from the same chip and TCB and carry a signature by the run key.
 */
public record StartRunRequest(
        String runId,
        String contractId,
        String ccrProviderId,
        String measurement,
        String reportSha256,
        String runPublicKeyPem,
        String chipId,
        String reportedTcb) {}

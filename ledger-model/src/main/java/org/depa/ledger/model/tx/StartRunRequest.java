package org.depa.ledger.model.tx;

/** runs:start, by the contract's CCR provider, with the run's attested public key. */
public record StartRunRequest(
        String runId,
        String contractId,
        String ccrProviderId,
        String measurement,
        String reportSha256,
        String runPublicKeyPem) {}

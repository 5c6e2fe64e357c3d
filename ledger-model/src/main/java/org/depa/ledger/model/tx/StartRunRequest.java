package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * runs:start, by the contract's CCR provider, with the run's attested public key.
 *
 * @param jobId the RUNNING training job this run serves, or null for a run outside any job (only
 *     under a contract that binds no model spec)
 */
public record StartRunRequest(
        String runId,
        String contractId,
        String ccrProviderId,
        String measurement,
        String reportSha256,
        String runPublicKeyPem,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId) {

    /** A run outside any training job. */
    public StartRunRequest(
            String runId,
            String contractId,
            String ccrProviderId,
            String measurement,
            String reportSha256,
            String runPublicKeyPem) {
        this(runId, contractId, ccrProviderId, measurement, reportSha256, runPublicKeyPem, null);
    }
}

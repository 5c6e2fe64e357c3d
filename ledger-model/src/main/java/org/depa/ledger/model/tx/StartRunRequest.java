package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * runs:start, by the contract's CCR provider, with the run's attested public key and the chip the
 * start report came from: {@code chipId} (64 bytes, hex; all zero for a VLEK-signed report, which
 * names no chip) and {@code reportedTcb} (REPORTED_TCB, 8 bytes, hex). Every key release of the
 * run must come from the same chip and TCB and carry a signature by the run key.
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
        String chipId,
        String reportedTcb,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId) {

    /** A run outside any training job. */
    public StartRunRequest(
            String runId,
            String contractId,
            String ccrProviderId,
            String measurement,
            String reportSha256,
            String runPublicKeyPem,
            String chipId,
            String reportedTcb) {
        this(runId, contractId, ccrProviderId, measurement, reportSha256, runPublicKeyPem, chipId, reportedTcb, null);
    }
}

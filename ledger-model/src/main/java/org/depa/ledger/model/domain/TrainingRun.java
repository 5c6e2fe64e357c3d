package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One training run of a clean room under an ACTIVE contract, bound to its attested public key and
 * to the chip ({@code chipId}, 64 bytes hex, all zero when the start report named no chip: VLEK)
 * and {@code reportedTcb} (8 bytes hex) of its start report.
 *
 * @param jobId the training job the run serves, or null (omitted from the JSON) for a run outside
 *     any job
 * @param evidence the start's attestation report and certificate chain as the chaincode verified
 *     them, so that an auditor can check them again
 */
public record TrainingRun(
        String runId,
        String contractId,
        int contractVersion,
        String ccrProviderId,
        String measurement,
        String reportSha256,
        String runPublicKeyPem,
        String runKeyAlgorithm,
        String chipId,
        String reportedTcb,
        RunStatus status,
        String reason,
        String startedAt,
        String updatedAt,
        String updatedTx,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId,
        RunEvidence evidence) {
    /** This run in {@code newStatus}, with the reason (null when none). */
    public TrainingRun withStatus(RunStatus newStatus, String newReason, String at, String tx) {
        return new TrainingRun(
                runId,
                contractId,
                contractVersion,
                ccrProviderId,
                measurement,
                reportSha256,
                runPublicKeyPem,
                runKeyAlgorithm,
                chipId,
                reportedTcb,
                newStatus,
                newReason,
                startedAt,
                at,
                tx,
                jobId,
                evidence);
    }
}

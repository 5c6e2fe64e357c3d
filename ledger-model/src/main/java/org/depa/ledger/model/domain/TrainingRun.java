package org.depa.ledger.model.domain;

/** One training run of a clean room under an ACTIVE contract, bound to its attested public key. */
public record TrainingRun(
        String runId,
        String contractId,
        int contractVersion,
        String ccrProviderId,
        String measurement,
        String reportSha256,
        String runPublicKeyPem,
        String runKeyAlgorithm,
        RunStatus status,
        String reason,
        String startedAt,
        String updatedAt,
        String updatedTx) {
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
                newStatus,
                newReason,
                startedAt,
                at,
                tx);
    }
}

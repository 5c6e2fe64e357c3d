package org.depa.ledger.model.domain;

/**
 * One training run of a clean room under an ACTIVE contract, bound to its attested public key and
 * to the chip ({@code chipId}, 64 bytes hex, all zero when the start report named no chip: VLEK)
 * and {@code reportedTcb} (8 bytes hex) of its start report.
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
                chipId,
                reportedTcb,
                newStatus,
                newReason,
                startedAt,
                at,
                tx);
    }
}

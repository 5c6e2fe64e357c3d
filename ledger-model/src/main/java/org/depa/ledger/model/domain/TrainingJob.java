package org.depa.ledger.model.domain;

import java.util.List;

/**
 * A training job: a TDC's request that its CCR provider train the committed model over the
 * datasets of one or more ACTIVE contracts. The model spec itself never reaches the ledger: only
 * its salted commitment (which every party signed in each contract's terms) and where the clean
 * room fetches it sealed.
 *
 * @param contractIds the contracts, sorted; each names this job's TDC, CCR provider and commitment
 * @param outputKeySha256 SHA-256 of the output key's SubjectPublicKeyInfo at submission
 * @param runIds at completion, the run that completed each contract (in {@code contractIds}
 *     order); empty before
 * @param updatedBy the participant whose transaction set the current status
 */
public record TrainingJob(
        String jobId,
        String tdcId,
        String ccrProviderId,
        List<String> contractIds,
        String modelSpecCommitment,
        String sealedSpecUri,
        String outputKeyId,
        String outputKeySha256,
        JobStatus status,
        String reason,
        List<String> runIds,
        String submittedAt,
        String updatedAt,
        String updatedTx,
        String updatedBy) {

    /** This job in {@code newStatus}, set by {@code by} at {@code at} in transaction {@code tx}. */
    public TrainingJob withStatus(
            JobStatus newStatus, String newReason, List<String> newRunIds, String by, String at, String tx) {
        return new TrainingJob(
                jobId,
                tdcId,
                ccrProviderId,
                contractIds,
                modelSpecCommitment,
                sealedSpecUri,
                outputKeyId,
                outputKeySha256,
                newStatus,
                newReason,
                newRunIds,
                submittedAt,
                at,
                tx,
                by);
    }
}

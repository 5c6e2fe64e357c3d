package org.depa.ccr.cleanroom;

import java.util.Objects;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The job as the ledger holds it must be the one clean-room.json describes: the operator is not
 * trusted to say which contracts, commitment, spec location or output key a job has.
 */
final class JobCheck {
    private JobCheck() {}

    static TrainingJob check(TypedLedger ledger, LaunchConfig config) {
        TrainingJob job;
        try {
            job = ledger.evaluate(Jobs.GET, config.jobId());
        } catch (LedgerException e) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.JOB,
                    "job '" + config.jobId() + "' cannot be read from the ledger: " + e.code() + " " + e.getMessage(),
                    e);
        }
        differs("ccrProviderId", job.ccrProviderId(), config.ccrProviderId());
        differs("contractIds", job.contractIds(), config.contractIds());
        differs("modelSpecCommitment", job.modelSpecCommitment(), config.modelSpecCommitment());
        differs("sealedSpecUri", job.sealedSpecUri(), config.sealedSpecUri());
        differs("outputKeyId", job.outputKeyId(), config.outputKeyId());
        if (job.status() != JobStatus.SCHEDULED && job.status() != JobStatus.RUNNING) {
            throw job("job '" + job.jobId() + "' is " + job.status() + " on the ledger; nothing to run");
        }
        return job;
    }

    private static void differs(String field, Object ledger, Object config) {
        if (!Objects.equals(ledger, config)) {
            throw job("clean-room.json's '" + field + "' is not the job's on the ledger");
        }
    }

    private static CleanRoomException job(String message) {
        return new CleanRoomException(CleanRoomException.Stage.JOB, message);
    }
}

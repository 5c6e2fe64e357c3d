package org.depa.ccr.operator;

import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;

/** The job's transactions as the CCR provider submits them, through the operator's own client. */
final class JobLedger {
    /** Reasons on the ledger are cut to this many characters. */
    static final int MAX_REASON = 400;

    private final TypedLedger ledger;
    private final String ccrProviderId;

    JobLedger(TypedLedger ledger, String ccrProviderId) {
        this.ledger = ledger;
        this.ccrProviderId = ccrProviderId;
    }

    TypedLedger typed() {
        return ledger;
    }

    TrainingJob get(String jobId) {
        return ledger.evaluate(Jobs.GET, jobId);
    }

    boolean ours(TrainingJob job) {
        return ccrProviderId.equals(job.ccrProviderId());
    }

    TrainingJob schedule(String jobId) {
        return ledger.submit(Jobs.SCHEDULE, new JobActionRequest(jobId, ccrProviderId, null));
    }

    TrainingJob start(String jobId) {
        return ledger.submit(Jobs.START, new JobActionRequest(jobId, ccrProviderId, null));
    }

    TrainingJob fail(String jobId, String reason) {
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        return ledger.submit(Jobs.FAIL, new JobActionRequest(jobId, ccrProviderId, r));
    }

    TrainingJob complete(String jobId, List<String> runIds) {
        return ledger.submit(Jobs.COMPLETE, new CompleteJobRequest(jobId, ccrProviderId, runIds));
    }

    /**
     * The job's completed run of each of its contracts, in the job's contract order, or null while
     * any contract has none: the receipts are in and the job can be completed.
     */
    List<String> completedRuns(TrainingJob job) {
        List<String> runIds = new ArrayList<>();
        for (String contractId : job.contractIds()) {
            String found = null;
            for (TrainingRun run : ledger.evaluate(Runs.LIST_BY_CONTRACT, contractId)) {
                if (job.jobId().equals(run.jobId()) && run.status() == RunStatus.COMPLETED) {
                    found = run.runId();
                }
            }
            if (found == null) {
                return null;
            }
            runIds.add(found);
        }
        return runIds;
    }

    static boolean isFinal(JobStatus s) {
        return s == JobStatus.COMPLETED || s == JobStatus.FAILED || s == JobStatus.CANCELLED;
    }
}

package org.depa.ledger.chaincode;

import java.util.List;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;

/** Checks on training jobs that the job and run transactions share. */
final class JobRules {
    private JobRules() {}

    static TrainingJob job(DepaContext ctx, String jobId) {
        return ctx.state().get(ObjectType.JOB, TrainingJob.class, Fields.id("jobId", jobId));
    }

    static void requireStatus(TrainingJob job, String action, JobStatus... allowed) {
        for (JobStatus s : allowed) {
            if (job.status() == s) {
                return;
            }
        }
        throw new LedgerRuleException(
                ErrorCode.INVALID_STATE,
                "job '" + job.jobId() + "' is " + job.status() + "; " + action + " needs "
                        + List.of(allowed)
                                .toString()
                                .replace("[", "")
                                .replace("]", "")
                                .replace(", ", " or "));
    }

    /** The contract binds a model spec and it is {@code commitment}. */
    static void requireCommitment(ContractRecord c, String commitment) {
        String signed = c.terms().modelSpecCommitment();
        if (signed == null) {
            throw new LedgerRuleException(
                    ErrorCode.MODEL_NOT_COMMITTED,
                    "contract '" + c.contractId() + "' commits to no model spec: its parties never agreed to a"
                            + " computation, so no training job may name it (propose one whose terms carry a"
                            + " modelSpecCommitment; a DRAFT may be amended)");
        }
        if (!signed.equals(commitment)) {
            throw new LedgerRuleException(
                    ErrorCode.HASH_MISMATCH,
                    "modelSpecCommitment " + commitment + " differs from the " + signed + " the parties of contract '"
                            + c.contractId() + "' signed");
        }
    }

    /** No other job that is not final names the contract: its reservation is that job's. */
    static void requireFree(DepaContext ctx, ContractRecord c) {
        for (List<String> ids : ctx.state().keys(ObjectType.JOB_BY_CONTRACT, c.contractId())) {
            TrainingJob other = ctx.state().get(ObjectType.JOB, TrainingJob.class, ids.get(1));
            if (!other.status().isFinal()) {
                throw new LedgerRuleException(
                        ErrorCode.CONTRACT_IN_USE,
                        "contract '" + c.contractId() + "' is held by job '" + other.jobId() + "' (" + other.status()
                                + "); its privacy budget is reserved for that job");
            }
        }
    }

    /**
     * A run may start under a contract that commits to a model only for a RUNNING job of the same
     * CCR provider naming that contract; a run under a contract without one names no job.
     */
    static void requireRunAllowed(DepaContext ctx, ContractRecord c, String jobId, String ccrProviderId) {
        if (jobId == null) {
            if (c.terms().modelSpecCommitment() != null) {
                throw Fields.invalid(
                        "jobId",
                        "is required: contract '" + c.contractId()
                                + "' commits to a model spec, so it runs only for a training job");
            }
            return;
        }
        TrainingJob job = job(ctx, jobId);
        if (!job.ccrProviderId().equals(ccrProviderId)) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY, "job '" + job.jobId() + "' is run by '" + job.ccrProviderId() + "'");
        }
        if (!job.contractIds().contains(c.contractId())) {
            throw Fields.invalid("contractId", "'" + c.contractId() + "' is not a contract of job '" + jobId + "'");
        }
        requireStatus(job, "starting a run", JobStatus.RUNNING);
    }

    /** A receipt names its run's job and that job's commitment, or no job for a run outside one. */
    static void requireReceiptMatchesJob(DepaContext ctx, TrainingRun run, ReceiptBody body) {
        if (run.jobId() == null) {
            if (body.jobId() != null) {
                throw Fields.invalid(
                        "body.jobId", "names job '" + body.jobId() + "' but run '" + run.runId() + "' serves none");
            }
            return;
        }
        if (!run.jobId().equals(body.jobId())) {
            throw Fields.invalid(
                    "body.jobId",
                    "is '" + body.jobId() + "' but run '" + run.runId() + "' serves job '" + run.jobId() + "'");
        }
        TrainingJob job = job(ctx, run.jobId());
        if (!job.modelSpecCommitment().equals(body.modelSpecCommitment())) {
            throw new LedgerRuleException(
                    ErrorCode.HASH_MISMATCH,
                    "receipt modelSpecCommitment " + body.modelSpecCommitment() + " differs from job '" + job.jobId()
                            + "' commitment " + job.modelSpecCommitment());
        }
        requireStatus(job, "a receipt", JobStatus.RUNNING);
    }
}

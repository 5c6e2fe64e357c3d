package org.depa.ledger.chaincode;

import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;

/**
 * runs:recordSpecKeyRelease: a job's TDC (its kms-bridge, under the TDC's own client identity) records that it
 * released the key of the job's sealed model spec to a run of that job. The same checks as a dataset key release,
 * with the TDC in the TDP's place: the caller is the job's TDC, the run belongs to the job and is STARTED, the job is
 * RUNNING, the commitment is the job's (one spec key per commitment), the run's contract is in force, the release's
 * measurement is the run's and still certified and allowed, the chip and TCB are those of the run's start, and the
 * run key signed the request.
 */
final class SpecKeyReleases {
    private SpecKeyReleases() {}

    static SpecKeyReleaseRecord record(DepaContext ctx, SpecKeyReleaseRequest r) {
        String measurement = Fields.hex("measurement", r.measurement(), 48);
        String reportSha256 = Fields.sha256Hex("reportSha256", r.reportSha256());
        String recipient = Fields.sha256Hex("recipientKeySha256", r.recipientKeySha256());
        String commitment = Fields.sha256Hex("modelSpecCommitment", r.modelSpecCommitment());
        String tdcId = Fields.id("tdcId", r.tdcId());
        ChipBinding.Chip chip = ChipBinding.read(r.chipId(), r.reportedTcb());
        Guard.actor(ctx, tdcId, Role.TDC);
        TrainingRun run = ctx.state().get(ObjectType.RUN, TrainingRun.class, Fields.id("runId", r.runId()));
        TrainingJob job = JobRules.job(ctx, r.jobId());
        if (!job.tdcId().equals(tdcId)) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "job '" + job.jobId() + "' belongs to '" + job.tdcId() + "', not '" + tdcId + "'");
        }
        if (!job.jobId().equals(run.jobId())) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "run '" + run.runId() + "' serves " + (run.jobId() == null ? "no job" : "job '" + run.jobId() + "'")
                            + ", not job '" + job.jobId() + "'");
        }
        if (!job.modelSpecCommitment().equals(commitment)) {
            throw new LedgerRuleException(
                    ErrorCode.HASH_MISMATCH,
                    "the released spec key is for commitment " + commitment + ", not job '" + job.jobId()
                            + "' commitment " + job.modelSpecCommitment());
        }
        JobRules.requireStatus(job, "a spec key release", JobStatus.RUNNING);
        ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, run.contractId());
        ContractRules.requireInForce(ctx, c);
        if (run.status() != RunStatus.STARTED) {
            throw new LedgerRuleException(
                    ErrorCode.RUN_NOT_ACTIVE, "run '" + run.runId() + "' is " + run.status() + ", not STARTED");
        }
        if (!measurement.equals(run.measurement())) {
            throw new LedgerRuleException(
                    ErrorCode.MEASUREMENT_NOT_ALLOWED,
                    "the attested measurement " + measurement + " differs from run '" + run.runId() + "' measurement "
                            + run.measurement());
        }
        ContractRules.requireMeasurementAllowed(ctx, c, measurement);
        ChipBinding.requireSameRun(
                run,
                chip,
                SigningPayloads.specKeyRelease(run.runId(), job.jobId(), reportSha256, recipient),
                r.runKeySignature());
        SpecKeyReleaseRecord k = new SpecKeyReleaseRecord(
                run.runId(),
                job.jobId(),
                c.contractId(),
                tdcId,
                commitment,
                measurement,
                reportSha256,
                recipient,
                chip.chipId(),
                chip.reportedTcb(),
                r.runKeySignature(),
                ctx.nowText(),
                ctx.txId());
        ctx.state().put(ObjectType.SPEC_KEY_RELEASE, k, run.runId(), ctx.txId());
        ctx.events().emit(EventType.SPEC_KEY_RELEASED, ObjectType.SPEC_KEY_RELEASE, run.runId() + "/spec", tdcId);
        return k;
    }
}

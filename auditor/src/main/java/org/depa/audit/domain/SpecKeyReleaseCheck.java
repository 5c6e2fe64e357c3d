package org.depa.audit.domain;

import java.util.Base64;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * Under {@link Checks#KEY_RELEASE}, the key of a TDC's sealed model spec (runs:recordSpecKeyRelease): it goes only
 * to a run of that TDC's RUNNING job, for the job's commitment, under a contract ACTIVE and in its window at the
 * release, to a run that started with evidence this audit verified, for the run's measurement (certified and
 * allowed), chip and TCB, with the run key's signature over a spec request. So an auditor sees who could read the
 * spec, and a release to anyone else fails.
 */
final class SpecKeyReleaseCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.SPEC_KEY_RELEASE)) {
            SpecKeyReleaseRecord k;
            try {
                k = e.as(SpecKeyReleaseRecord.class);
            } catch (RecordException bad) {
                continue;
            }
            sink.verdict(
                    Checks.KEY_RELEASE,
                    tx.scope("spec key of job " + k.jobId() + " to run " + k.runId()),
                    problem(tx, before, e, k),
                    "spec key released by " + k.tdcId() + " to attested run " + k.runId() + " of its job " + k.jobId()
                            + " (commitment, measurement, chip, TCB, run key)");
        }
    }

    private static String problem(DomainTx tx, DomainState before, DomainTx.Entry e, SpecKeyReleaseRecord k) {
        if (!e.key.id(0).equals(k.runId())) {
            return "the spec key release to run " + k.runId() + " is stored under " + e.key;
        }
        TrainingJob job = before.jobs.get(k.jobId());
        if (job == null) {
            return "job '" + k.jobId() + "' was not submitted";
        }
        if (!job.tdcId().equals(k.tdcId())) {
            return "job '" + k.jobId() + "' is '" + job.tdcId() + "''s, not '" + k.tdcId() + "''s";
        }
        if (!job.modelSpecCommitment().equals(k.modelSpecCommitment())) {
            return "the released key is for commitment " + k.modelSpecCommitment() + "; job '" + k.jobId()
                    + "' commits to " + job.modelSpecCommitment();
        }
        if (job.status() != JobStatus.RUNNING) {
            return "job '" + k.jobId() + "' was " + job.status();
        }
        TrainingRun run = before.runs.get(k.runId());
        if (run == null) {
            return "run '" + k.runId() + "' had not started";
        }
        if (!k.jobId().equals(run.jobId())) {
            return "run '" + k.runId() + "' serves " + (run.jobId() == null ? "no job" : "job '" + run.jobId() + "'");
        }
        if (run.status() != RunStatus.STARTED) {
            return "run '" + k.runId() + "' was " + run.status();
        }
        if (!before.attestedRuns.contains(k.runId())) {
            return "run '" + k.runId() + "' has no start evidence this audit verified (see " + Checks.RUN_ATTESTATION
                    + ")";
        }
        if (!run.contractId().equals(k.contractId())) {
            return "the release names contract '" + k.contractId() + "'; the run is under '" + run.contractId() + "'";
        }
        ContractRecord c = before.contracts.get(k.contractId());
        String notInForce = DomainState.notInForce(c, k.contractId(), tx.time());
        if (notInForce != null) {
            return "released while " + notInForce;
        }
        if (!c.terms().allowedMeasurements().contains(k.measurement()) || !before.certified(k.measurement())) {
            return "measurement " + k.measurement() + " was not certified and allowed by contract '" + c.contractId()
                    + "' at the release";
        }
        if (!k.measurement().equals(run.measurement())
                || !k.chipId().equals(run.chipId())
                || !k.reportedTcb().equals(run.reportedTcb())) {
            return "the release report's measurement, chip or TCB are not run '" + run.runId() + "''s";
        }
        try {
            SignatureVerifier.verify(
                    Pem.publicKey("runPublicKeyPem", run.runPublicKeyPem()),
                    SigningPayloads.specKeyRelease(k.runId(), k.jobId(), k.reportSha256(), k.recipientKeySha256()),
                    Base64.getDecoder().decode(k.runKeySignature()));
        } catch (LedgerRuleException | IllegalArgumentException bad) {
            return "runKeySignature is not the run key's signature over this spec request: " + bad.getMessage();
        }
        return null;
    }
}

package org.depa.audit.domain;

import java.util.Base64;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A dataset key goes only to the clean room the contract and the run's attestation allow: a run
 * that started (with evidence this audit verified) under a contract that was ACTIVE and inside its
 * validity window at the release, released by the dataset's owner, for the run's own measurement
 * (certified, allowed by the contract), chip and TCB, with the run key's signature over the request.
 */
final class KeyReleaseCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.KEY_RELEASE)) {
            KeyReleaseRecord k;
            try {
                k = e.as(KeyReleaseRecord.class);
            } catch (RecordException bad) {
                continue;
            }
            String scope = tx.scope("key release of " + k.datasetId() + " to run " + k.runId());
            sink.verdict(
                    Checks.KEY_RELEASE,
                    scope,
                    problem(tx, before, e, k),
                    "released by " + k.tdpId() + " to attested run " + k.runId()
                            + " (measurement, chip, TCB, run key)");
        }
    }

    private static String problem(DomainTx tx, DomainState before, DomainTx.Entry e, KeyReleaseRecord k) {
        if (!e.key.id(0).equals(k.runId()) || !e.key.id(1).equals(k.datasetId())) {
            return "the release of " + k.datasetId() + " to run " + k.runId() + " is stored under " + e.key;
        }
        ContractRecord c = before.contracts.get(k.contractId());
        String notInForce = DomainState.notInForce(c, k.contractId(), tx.time());
        if (notInForce != null) {
            return "released while " + notInForce;
        }
        TrainingRun run = before.runs.get(k.runId());
        if (run == null) {
            return "run '" + k.runId() + "' had not started";
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
        DatasetClause clause = DomainState.clause(c, k.datasetId());
        if (clause == null) {
            return "contract '" + c.contractId() + "' does not name dataset '" + k.datasetId() + "'";
        }
        if (!clause.tdpId().equals(k.tdpId())) {
            return "dataset '" + k.datasetId() + "' belongs to '" + clause.tdpId() + "', not '" + k.tdpId() + "'";
        }
        if (!c.terms().allowedMeasurements().contains(k.measurement())) {
            return "measurement " + k.measurement() + " is not allowed by contract '" + c.contractId() + "'";
        }
        if (!before.certified(k.measurement())) {
            return "measurement " + k.measurement() + " was not certified at the release";
        }
        if (!k.measurement().equals(run.measurement())) {
            return "measurement " + k.measurement() + " is not run '" + run.runId() + "''s attested "
                    + run.measurement();
        }
        if (!k.chipId().equals(run.chipId()) || !k.reportedTcb().equals(run.reportedTcb())) {
            return "the release report's chip " + k.chipId() + " / TCB " + k.reportedTcb() + " are not the run's "
                    + run.chipId() + " / " + run.reportedTcb();
        }
        try {
            SignatureVerifier.verify(
                    Pem.publicKey("runPublicKeyPem", run.runPublicKeyPem()),
                    SigningPayloads.keyRelease(k.runId(), k.datasetId(), k.reportSha256(), k.recipientKeySha256()),
                    Base64.getDecoder().decode(k.runKeySignature()));
        } catch (LedgerRuleException | IllegalArgumentException bad) {
            return "runKeySignature is not the run key's signature over this release: " + bad.getMessage();
        }
        return null;
    }
}

package org.depa.audit.domain;

import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A training receipt is the run's word only if the run key signed it, and the run key is the
 * clean room's only if the run's start report (verified by {@link RunAttestationCheck} to AMD's
 * roots) binds it: the chain of evidence from AMD to the receipt. Then what it spends: exactly the
 * contract's datasets, their ciphertexts, each epsilon within its clause.
 */
final class ReceiptCheck implements DomainCheck {
    private final String channel;

    ReceiptCheck(String channel) {
        this.channel = channel;
    }

    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.RECEIPT)) {
            TrainingReceipt r;
            try {
                r = e.as(TrainingReceipt.class);
            } catch (RecordException bad) {
                continue;
            }
            ReceiptBody body = r.body();
            String scope = tx.scope("receipt of run " + body.runId());
            TrainingRun run = before.runs.get(body.runId());
            ContractRecord c = run == null ? null : before.contracts.get(run.contractId());
            sink.verdict(
                    Checks.RECEIPT_SIGNATURE,
                    scope,
                    signatureProblem(tx, before, e, r, run, c),
                    "signed by the run key the verified start report binds");
            if (c != null) {
                sink.verdict(
                        Checks.RECEIPT_EPSILON,
                        scope,
                        epsilonProblem(c, body),
                        "every dataset of contract " + c.contractId() + " accounted for within its clause");
            }
        }
    }

    private String signatureProblem(
            DomainTx tx, DomainState before, DomainTx.Entry e, TrainingReceipt r, TrainingRun run, ContractRecord c) {
        ReceiptBody body = r.body();
        if (!e.key.id(0).equals(body.runId())) {
            return "the receipt of run " + body.runId() + " is stored under " + e.key;
        }
        if (before.receipts.contains(body.runId())) {
            return "run '" + body.runId() + "' already had a receipt: a receipt is never replaced";
        }
        if (run == null) {
            return "run '" + body.runId() + "' had not started";
        }
        if (run.status() != RunStatus.STARTED) {
            return "run '" + body.runId() + "' was " + run.status();
        }
        if (!before.attestedRuns.contains(run.runId())) {
            return "the run's attestation report does not verify (see " + Checks.RUN_ATTESTATION
                    + "): nothing binds the run key to an attested clean room";
        }
        if (!run.reportSha256().equals(body.reportSha256())) {
            return "the receipt names report " + body.reportSha256() + "; the run started on " + run.reportSha256();
        }
        if (!run.contractId().equals(body.contractId())) {
            return "the receipt names contract '" + body.contractId() + "'; the run is under '" + run.contractId()
                    + "'";
        }
        String notInForce = DomainState.notInForce(c, run.contractId(), tx.time());
        if (notInForce != null) {
            return "submitted while " + notInForce;
        }
        for (ReceiptDataset d : body.datasets()) {
            if (!before.releases.contains(DomainState.releaseKey(run.runId(), d.datasetId()))) {
                return "no key of dataset '" + d.datasetId() + "' was released to run '" + run.runId() + "'";
            }
        }
        try {
            SignatureVerifier.verify(
                    Pem.publicKey("runPublicKeyPem", run.runPublicKeyPem()),
                    SigningPayloads.receipt(new SigningPayloads.Domain(channel, tx.chaincode), body),
                    Base64.getDecoder().decode(r.signature()));
        } catch (LedgerRuleException | IllegalArgumentException bad) {
            return "the receipt is not signed by run '" + run.runId() + "''s key: " + bad.getMessage();
        }
        return null;
    }

    private static String epsilonProblem(ContractRecord c, ReceiptBody body) {
        Set<String> accounted = new TreeSet<>();
        for (ReceiptDataset d : body.datasets()) {
            DatasetClause clause = DomainState.clause(c, d.datasetId());
            if (clause == null) {
                return "contract '" + c.contractId() + "' does not name dataset '" + d.datasetId() + "'";
            }
            if (!accounted.add(d.datasetId())) {
                return "dataset '" + d.datasetId() + "' is listed twice";
            }
            if (!clause.ciphertextSha256().equals(d.ciphertextSha256())) {
                return "dataset '" + d.datasetId() + "' ciphertext " + d.ciphertextSha256() + " is not the contract's "
                        + clause.ciphertextSha256();
            }
            if (d.epsilonSpent().signum() < 0
                    || d.epsilonSpent().compareTo(clause.privacy().epsilon()) > 0) {
                return "dataset '" + d.datasetId() + "' spent epsilon "
                        + d.epsilonSpent().toPlainString() + "; its clause allows "
                        + clause.privacy().epsilon().toPlainString();
            }
        }
        for (DatasetClause clause : c.terms().datasets()) {
            if (!accounted.contains(clause.datasetId())) {
                return "the receipt does not account for dataset '" + clause.datasetId() + "' of the contract";
            }
        }
        return null;
    }
}

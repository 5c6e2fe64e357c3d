package org.depa.audit.receipt;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * {@code receipt.key-releases}: the run's key releases, as the ledger recorded them, re-checked as
 * runs:recordKeyRelease checked them (ChipBinding): the start report binds the run key to the
 * attested clean room, so the run key's signature over a release request (naming the release
 * report's hash and the recipient key) shows that clean room asked for that key. The release
 * report itself is not on the ledger: its own verification by the bridge cannot be repeated.
 */
final class KeyReleaseCheck {
    private KeyReleaseCheck() {}

    static String problem(ReceiptEvidence e) {
        TrainingRun run = e.run();
        Map<String, DatasetClause> clauses = new TreeMap<>();
        e.contract().terms().datasets().forEach(d -> clauses.put(d.datasetId(), d));
        Map<String, Integer> released = new TreeMap<>();
        for (KeyReleaseRecord k : e.keyReleases()) {
            String which = "release of " + k.datasetId() + " (tx " + k.txId() + ")";
            if (!run.runId().equals(k.runId()) || !run.contractId().equals(k.contractId())) {
                return which + " is for run " + k.runId() + " of contract " + k.contractId();
            }
            DatasetClause clause = clauses.get(k.datasetId());
            if (clause == null) {
                return which + ": the dataset is not in the contract";
            }
            if (!clause.tdpId().equals(k.tdpId())) {
                return which + " was recorded by " + k.tdpId() + ", the dataset belongs to " + clause.tdpId();
            }
            if (!run.measurement().equals(k.measurement())
                    || !run.chipId().equals(k.chipId())
                    || !run.reportedTcb().equals(k.reportedTcb())) {
                return which + " names measurement " + k.measurement() + ", chip " + k.chipId() + ", TCB "
                        + k.reportedTcb() + ", not the run's";
            }
            String sig = signatureProblem(run, k);
            if (sig != null) {
                return which + ": " + sig;
            }
            released.merge(k.datasetId(), 1, Integer::sum);
        }
        for (ReceiptDataset d : e.receipt().body().datasets()) {
            if (!released.containsKey(d.datasetId())) {
                return "no key of dataset " + d.datasetId() + " was released to run " + run.runId();
            }
        }
        return null;
    }

    private static String signatureProblem(TrainingRun run, KeyReleaseRecord k) {
        try {
            SignatureVerifier.verify(
                    Pem.publicKey("run.runPublicKeyPem", run.runPublicKeyPem()),
                    SigningPayloads.keyRelease(run.runId(), k.datasetId(), k.reportSha256(), k.recipientKeySha256()),
                    Base64.getDecoder().decode(k.runKeySignature()));
            return null;
        } catch (LedgerRuleException | IllegalArgumentException bad) {
            return "the run key's signature over the request does not verify: " + bad.getMessage();
        }
    }
}

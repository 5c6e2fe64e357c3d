package org.depa.audit.receipt;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.depa.attestation.Verdict;
import org.depa.audit.report.CheckSink;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.RunBinding;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * Checks one training receipt with its evidence alone, each check reported with its id
 * ({@link ReceiptChecks}) on the scope {@code receipt RUN_ID}: the contract's hash, the ciphertext
 * hashes, the start report's binding of the run key, the report to AMD's roots, the measurement,
 * and the run key's signature. Every check runs even after one fails, so a report shows all that is
 * wrong.
 */
public final class ReceiptVerifier {
    /**
     * Which attestation roots the auditor trusts besides AMD's.
     *
     * @param allowDevelopmentRoot accept a start report that verifies only to a development
     *     (emulator) root carried in its chain; the check then passes marked FLAGGED
     * @param developmentRootPins the SHA-256 of the development roots' SubjectPublicKeyInfo to
     *     accept; empty accepts any self-signed "ARK-<product>" the chain carries
     */
    public record Trust(boolean allowDevelopmentRoot, java.util.List<String> developmentRootPins) {
        public static final Trust AMD_ONLY = new Trust(false, java.util.List.of());

        public Trust {
            developmentRootPins = java.util.List.copyOf(developmentRootPins);
        }
    }

    private ReceiptVerifier() {}

    /** Runs every check of {@code e} into {@code sink}, trusting AMD's roots and what {@code trust} adds. */
    public static void verify(ReceiptEvidence e, Trust trust, CheckSink sink) {
        TrainingReceipt receipt = e.receipt();
        TrainingRun run = e.run();
        String scope = "receipt " + receipt.body().runId();
        sink.verdict(
                ReceiptChecks.CONTRACT_HASH,
                scope,
                contractProblem(receipt, run, e.contract()),
                "contract " + e.contract().contractId() + " version "
                        + e.contract().version() + ", documentSha256 "
                        + e.contract().documentSha256());
        sink.verdict(
                ReceiptChecks.CIPHERTEXT_HASHES,
                scope,
                ciphertextProblem(receipt.body(), e.contract().terms()),
                receipt.body().datasets().size() + " dataset(s), each the ciphertext the contract names");
        byte[] report = report(run);
        sink.verdict(
                ReceiptChecks.RUN_KEY_BINDING,
                scope,
                bindingProblem(receipt.body(), run, report),
                "REPORT_DATA binds run " + run.runId() + ", contract " + run.contractId() + " and the run key");
        attestation(run, report, trust, e.contract(), scope, sink);
        sink.verdict(
                ReceiptChecks.KEY_RELEASES,
                scope,
                KeyReleaseCheck.problem(e),
                e.keyReleases().size() + " release(s), each signed by the run key from the run's chip and TCB");
        sink.verdict(
                ReceiptChecks.SIGNATURE,
                scope,
                signatureProblem(e, receipt, run),
                "signed by the run key (" + run.runKeyAlgorithm() + ") for channel " + e.channel() + ", chaincode "
                        + e.chaincode());
    }

    private static String contractProblem(TrainingReceipt receipt, TrainingRun run, ContractVersion c) {
        String computed = Hashes.sha256Hex(Json.canonical(c.terms()));
        if (!computed.equals(c.documentSha256())) {
            return "contract " + c.contractId() + " version " + c.version() + " records documentSha256 "
                    + c.documentSha256() + " but its terms hash to " + computed;
        }
        if (!c.contractId().equals(c.terms().contractId())) {
            return "contract " + c.contractId() + "'s terms name contract "
                    + c.terms().contractId();
        }
        String body = receipt.body().contractId();
        if (!c.contractId().equals(body) || !c.contractId().equals(run.contractId())) {
            return "the receipt names contract " + body + ", the run " + run.contractId() + ", the evidence holds "
                    + c.contractId();
        }
        if (receipt.contractVersion() != c.version() || run.contractVersion() != c.version()) {
            return "the receipt was recorded under version " + receipt.contractVersion() + ", the run under "
                    + run.contractVersion() + ", the evidence holds version " + c.version();
        }
        return null;
    }

    private static String ciphertextProblem(ReceiptBody body, ContractTerms terms) {
        Map<String, DatasetClause> clauses = new TreeMap<>();
        terms.datasets().forEach(d -> clauses.put(d.datasetId(), d));
        Map<String, ReceiptDataset> used = new TreeMap<>();
        for (ReceiptDataset d : body.datasets()) {
            DatasetClause clause = clauses.get(d.datasetId());
            if (clause == null) {
                return "dataset " + d.datasetId() + " is not in the contract";
            }
            if (used.put(d.datasetId(), d) != null) {
                return "dataset " + d.datasetId() + " appears twice";
            }
            if (!clause.ciphertextSha256().equals(d.ciphertextSha256())) {
                return "dataset " + d.datasetId() + ": the receipt names ciphertext " + d.ciphertextSha256()
                        + ", the contract " + clause.ciphertextSha256();
            }
            BigDecimal epsilon = d.epsilonSpent();
            if (epsilon == null
                    || epsilon.signum() < 0
                    || epsilon.compareTo(clause.privacy().epsilon()) > 0) {
                return "dataset " + d.datasetId() + ": epsilon spent " + epsilon + " is outside the clause's 0.."
                        + clause.privacy().epsilon().toPlainString();
            }
        }
        for (String id : clauses.keySet()) {
            if (!used.containsKey(id)) {
                return "the receipt does not account for dataset " + id + " of the contract";
            }
        }
        return null;
    }

    private static byte[] report(TrainingRun run) {
        try {
            return Base64.getDecoder().decode(run.evidence().report());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static String bindingProblem(ReceiptBody body, TrainingRun run, byte[] report) {
        if (report == null) {
            return "run.evidence.report is not base64";
        }
        if (!body.runId().equals(run.runId())) {
            return "the receipt is for run " + body.runId() + ", the evidence holds run " + run.runId();
        }
        String sha = Hashes.sha256Hex(report);
        if (!sha.equals(run.reportSha256()) || !sha.equals(body.reportSha256())) {
            return "the start report hashes to " + sha + "; the run records " + run.reportSha256()
                    + " and the receipt names " + body.reportSha256();
        }
        if (report.length < 0x50 + 64) {
            return "the start report is " + report.length + " bytes, too short to hold REPORT_DATA";
        }
        byte[] reportData = java.util.Arrays.copyOfRange(report, 0x50, 0x50 + 64);
        String expected = Fields.toHex(RunBinding.reportData(run.runId(), run.contractId(), run.runPublicKeyPem()));
        if (!expected.equals(Fields.toHex(reportData))) {
            return "the start report's REPORT_DATA does not bind run " + run.runId() + ", contract " + run.contractId()
                    + " and the run key: it was made for another run or key";
        }
        return null;
    }

    private static void attestation(
            TrainingRun run, byte[] report, Trust trust, ContractVersion c, String scope, CheckSink sink) {
        if (report == null) {
            sink.fail(ReceiptChecks.ATTESTATION, scope, "run.evidence.report is not base64");
            sink.skip(ReceiptChecks.MEASUREMENT, scope, "no report to read the measurement from");
            return;
        }
        Instant at;
        try {
            at = Instant.parse(run.startedAt());
        } catch (DateTimeParseException e) {
            sink.fail(ReceiptChecks.ATTESTATION, scope, "run.startedAt '" + run.startedAt() + "' is not an instant");
            sink.skip(ReceiptChecks.MEASUREMENT, scope, "the report was not verified");
            return;
        }
        ReceiptAttestation.Outcome o =
                ReceiptAttestation.verify(report, run.evidence().certificateChainPem(), at, trust);
        if (o.unreadable() != null) {
            sink.fail(ReceiptChecks.ATTESTATION, scope, o.unreadable());
            sink.skip(ReceiptChecks.MEASUREMENT, scope, "the report was not verified");
            return;
        }
        Verdict v = o.verdict();
        if (!v.accepted()) {
            sink.fail(
                    ReceiptChecks.ATTESTATION,
                    scope,
                    "the start report does not verify at " + at + ": " + v.reasons() + " ("
                            + String.join("; ", v.details()) + ")"
                            + (trust.allowDevelopmentRoot()
                                    ? "; AMD's roots and development roots "
                                            + (trust.developmentRootPins().isEmpty()
                                                    ? "(any)"
                                                    : trust.developmentRootPins())
                                    : "; AMD's roots only (--allow-dev-root for an emulator)"));
            sink.skip(ReceiptChecks.MEASUREMENT, scope, "the report was not verified");
            return;
        }
        String where = v.product() + " " + v.signingKey() + " at " + at;
        if (o.root().equals("AMD")) {
            sink.pass(ReceiptChecks.ATTESTATION, scope, "verified to AMD's " + where);
        } else {
            sink.pass(
                    ReceiptChecks.ATTESTATION,
                    scope,
                    "FLAGGED: verified to a development root " + o.root().substring("DEVELOPMENT ".length()) + " ("
                            + where + "), accepted by --allow-dev-root: not evidence of a real clean room");
        }
        sink.verdict(
                ReceiptChecks.MEASUREMENT, scope, measurementProblem(v, run, c), "measurement " + v.measurementHex());
    }

    private static String measurementProblem(Verdict v, TrainingRun run, ContractVersion c) {
        if (!v.measurementHex().equals(run.measurement())) {
            return "the run records measurement " + run.measurement() + ", the report says " + v.measurementHex();
        }
        if (!v.chipIdHex().equals(run.chipId()) || !v.reportedTcbHex().equals(run.reportedTcb())) {
            return "the run records chip " + run.chipId() + " TCB " + run.reportedTcb() + ", the report says chip "
                    + v.chipIdHex() + " TCB " + v.reportedTcbHex();
        }
        if (!c.terms().allowedMeasurements().contains(v.measurementHex())) {
            return "contract " + c.contractId() + " does not allow measurement " + v.measurementHex();
        }
        return null;
    }

    private static String signatureProblem(ReceiptEvidence e, TrainingReceipt receipt, TrainingRun run) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(receipt.signature());
        } catch (IllegalArgumentException notBase64) {
            return "receipt.signature is not base64";
        }
        try {
            PublicKeyInfo key = Pem.publicKey("run.runPublicKeyPem", run.runPublicKeyPem());
            SignatureVerifier.verify(
                    key,
                    SigningPayloads.receipt(new SigningPayloads.Domain(e.channel(), e.chaincode()), receipt.body()),
                    signature);
            return null;
        } catch (LedgerRuleException bad) {
            return "the receipt signature does not verify under run " + run.runId() + "'s key: " + bad.getMessage();
        }
    }
}

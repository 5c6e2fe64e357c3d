package org.depa.kms.bridge;

import com.nimbusds.jose.jwk.JWK;
import java.util.Base64;
import org.depa.attestation.Verdict;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A key goes only to the clean room that started the run: the release report comes from the chip (CHIP_ID, or the
 * VCEK's hwID when the host masked it) and the TCB (REPORTED_TCB) the run's start recorded, and the request is signed
 * by the run key the start report bound. A VLEK-signed report names no chip (all-zero CHIP_ID): a run started from one
 * is bound by the TCB and the run key only, and its releases must name no chip either. The chaincode re-checks the
 * same when the release is recorded.
 */
final class RunBindingCheck {
    private RunBindingCheck() {}

    /** Refuses a request without the run key's valid signature over {@link ReleaseRequest#signedPayload}. */
    static void requireRunKey(TrainingRun run, ReleaseRequest request, byte[] report, JWK recipient)
            throws RefusalException {
        byte[] signature = signature(request);
        requireRunKey(
                run,
                ReleaseRequest.signedPayload(
                        run.runId(), request.datasetId(), report, ReportDataBinding.recipientKeySha256(recipient)),
                signature);
    }

    /** The run key's signature as sent, decoded; refused when absent or not base64. */
    static byte[] signature(ReleaseRequest request) throws RefusalException {
        return signature(request.runKeySignature());
    }

    /** A run key's signature (standard base64) decoded; refused when absent or not base64. */
    static byte[] signature(String runKeySignature) throws RefusalException {
        if (runKeySignature == null || runKeySignature.isEmpty()) {
            throw RefusalException.of(
                    RefusalCode.RUN_KEY_PROOF_INVALID,
                    "runKeySignature is missing: a release must be signed by the run key the start report bound");
        }
        try {
            return Base64.getDecoder().decode(runKeySignature);
        } catch (IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.RUN_KEY_PROOF_INVALID, "runKeySignature is not base64");
        }
    }

    /** Refuses a run key signature that does not verify over the request's payload. */
    static void requireRunKey(TrainingRun run, byte[] payload, byte[] signature) throws RefusalException {
        try {
            SignatureVerifier.verify(Pem.publicKey("runPublicKeyPem", run.runPublicKeyPem()), payload, signature);
        } catch (LedgerRuleException e) {
            throw RefusalException.of(
                    RefusalCode.RUN_KEY_PROOF_INVALID,
                    "runKeySignature is not run '" + run.runId() + "' key's signature over this request: "
                            + e.getMessage());
        }
    }

    /** Refuses a verified report from another chip or TCB than the run's start report. */
    static void requireSameChip(TrainingRun run, Verdict verdict) throws RefusalException {
        if (run.chipId() == null || run.reportedTcb() == null) {
            throw RefusalException.of(
                    RefusalCode.CHIP_MISMATCH, "run '" + run.runId() + "' records no chip id and TCB of its start");
        }
        if (!run.chipId().equals(verdict.chipIdHex())) {
            throw RefusalException.of(
                    RefusalCode.CHIP_MISMATCH,
                    "the report comes from chip " + head(verdict.chipIdHex()) + ", not from chip " + head(run.chipId())
                            + " that started run '" + run.runId() + "'");
        }
        if (!run.reportedTcb().equals(verdict.reportedTcbHex())) {
            throw RefusalException.of(
                    RefusalCode.CHIP_MISMATCH,
                    "the report's REPORTED_TCB " + verdict.reportedTcbHex() + " differs from " + run.reportedTcb()
                            + " of run '" + run.runId() + "' start report");
        }
    }

    private static String head(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
    }
}

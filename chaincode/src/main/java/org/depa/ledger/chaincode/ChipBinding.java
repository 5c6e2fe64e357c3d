package org.depa.ledger.chaincode;

import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A key release belongs to the clean room that started the run: its report comes from the chip
 * (CHIP_ID) and TCB (REPORTED_TCB) of the start report, and the run key that start report bound
 * signed the request. A run started from a VLEK-signed report has an all-zero chip id (the report
 * names no chip); its releases are then bound by the run key and the TCB only, and the release's
 * chip id must be all zero too.
 */
final class ChipBinding {
    static final int CHIP_ID_BYTES = 64;
    static final int TCB_BYTES = 8;

    /** The chip's and TCB's fields as the chaincode keeps them (lower-case hex). */
    record Chip(String chipId, String reportedTcb) {}

    private ChipBinding() {}

    static Chip read(String chipId, String reportedTcb) {
        return new Chip(Fields.hex("chipId", chipId, CHIP_ID_BYTES), Fields.hex("reportedTcb", reportedTcb, TCB_BYTES));
    }

    /** Refuses a release from another chip or TCB than the run's start, or without the run key's signature. */
    static void requireSameRun(
            TrainingRun run, Chip release, String datasetId, String reportSha256, String recipient, String signature) {
        requireSameRun(
                run, release, SigningPayloads.keyRelease(run.runId(), datasetId, reportSha256, recipient), signature);
    }

    /** As above, with the run key's signature over {@code payload} (a dataset's or the spec's release request). */
    static void requireSameRun(TrainingRun run, Chip release, byte[] payload, String signature) {
        byte[] sig = Fields.base64("runKeySignature", signature, 512);
        if (run.chipId() == null || run.reportedTcb() == null) {
            throw new LedgerRuleException(
                    ErrorCode.CHIP_MISMATCH,
                    "run '" + run.runId() + "' was started without a chip id and TCB; fail it and start a new run");
        }
        if (!release.chipId().equals(run.chipId())) {
            throw new LedgerRuleException(
                    ErrorCode.CHIP_MISMATCH,
                    "the release report comes from chip " + abbreviate(release.chipId()) + ", not from chip "
                            + abbreviate(run.chipId()) + " that started run '" + run.runId() + "'");
        }
        if (!release.reportedTcb().equals(run.reportedTcb())) {
            throw new LedgerRuleException(
                    ErrorCode.CHIP_MISMATCH,
                    "the release report's REPORTED_TCB " + release.reportedTcb() + " differs from " + run.reportedTcb()
                            + " of run '" + run.runId() + "' start report");
        }
        try {
            SignatureVerifier.verify(KeyCache.publicKey("runPublicKeyPem", run.runPublicKeyPem()), payload, sig);
        } catch (LedgerRuleException e) {
            throw new LedgerRuleException(
                    e.code(), "runKeySignature is not the run key's signature over this release: " + e.getMessage());
        }
    }

    private static String abbreviate(String hex) {
        return hex.substring(0, 16) + "...";
    }
}

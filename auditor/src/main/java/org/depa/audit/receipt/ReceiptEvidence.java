package org.depa.audit.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * One training receipt with everything needed to check it alone, as the ledger holds it: the
 * receipt, its run (the run key, the start's attestation report and certificate chain), the
 * contract version it ran under (the terms and their hash), the run's key releases, and the signing domain (the channel and
 * chaincode every receipt signature names). {@code depa audit receipt RUN_ID --out FILE} writes
 * one; {@code depa audit verify-receipt --file FILE} checks it. Nothing in it is trusted: every
 * value is re-checked against the others and against AMD's roots.
 */
public record ReceiptEvidence(
        String format,
        String channel,
        String chaincode,
        TrainingReceipt receipt,
        TrainingRun run,
        ContractVersion contract,
        List<KeyReleaseRecord> keyReleases) {
    public static final String FORMAT = "depa-receipt-evidence/1";

    /** A receipt, its run's report and chain (at most 2 KB and 16 KiB) and the terms fit well within this. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** The evidence of a receipt read from one ledger, in the current format. */
    public static ReceiptEvidence of(
            String channel,
            String chaincode,
            TrainingReceipt receipt,
            TrainingRun run,
            ContractVersion contract,
            List<KeyReleaseRecord> keyReleases) {
        return new ReceiptEvidence(FORMAT, channel, chaincode, receipt, run, contract, keyReleases);
    }

    /** Reads {@code file}, refusing anything but a complete evidence document with a message naming what is wrong. */
    public static ReceiptEvidence read(Path file) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ReceiptEvidenceException(file + " is not a file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ReceiptEvidenceException(
                        file + " is " + size + " bytes; receipt evidence is at most " + MAX_FILE_BYTES);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReceiptEvidenceException("cannot read " + file + ": " + e.getMessage());
        }
        ReceiptEvidence e;
        try {
            e = Json.read(text, ReceiptEvidence.class);
        } catch (LedgerRuleException bad) {
            throw new ReceiptEvidenceException(file + " is not receipt evidence: " + bad.getMessage());
        }
        return e.requireComplete(file.toString());
    }

    /** Writes this evidence as indented JSON. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt evidence does not serialise", e);
        } catch (IOException e) {
            throw new ReceiptEvidenceException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** This evidence, if every part is present; else a {@link ReceiptEvidenceException} naming the missing field. */
    public ReceiptEvidence requireCompleteFrom(String source) {
        return requireComplete(source);
    }

    ReceiptEvidence requireComplete(String source) {
        if (!FORMAT.equals(format)) {
            throw new ReceiptEvidenceException(
                    source + ": field 'format' is '" + format + "', expected '" + FORMAT + "'");
        }
        present(source, "channel", channel);
        present(source, "chaincode", chaincode);
        present(source, "receipt", receipt);
        present(source, "receipt.body", receipt.body());
        present(source, "receipt.signature", receipt.signature());
        present(source, "run", run);
        present(source, "run.runPublicKeyPem", run.runPublicKeyPem());
        present(source, "run.startedAt", run.startedAt());
        present(source, "run.evidence", run.evidence());
        present(source, "run.evidence.report", run.evidence().report());
        present(source, "run.evidence.certificateChainPem", run.evidence().certificateChainPem());
        present(source, "contract", contract);
        present(source, "contract.terms", contract.terms());
        present(source, "contract.documentSha256", contract.documentSha256());
        present(source, "keyReleases", keyReleases);
        return this;
    }

    private static void present(String source, String field, Object value) {
        if (value == null) {
            throw new ReceiptEvidenceException(source + ": field '" + field + "' is missing");
        }
    }
}

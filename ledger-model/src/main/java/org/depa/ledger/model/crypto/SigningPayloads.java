package org.depa.ledger.model.crypto;

import java.util.Objects;
import java.util.TreeMap;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.ReceiptBody;

/**
 * The exact bytes each party signs. Every payload names its purpose, the channel and the chaincode
 * (domain separation), so a signature made for one contract, version, channel or kind of document
 * never verifies for another. The bytes are RFC 8785 canonical JSON, readable by a person who
 * wants to see what they sign.
 */
public final class SigningPayloads {
    public static final String CONTRACT_PURPOSE = "depa-ledger/contract-signature/v1";
    public static final String AGREEMENT_PURPOSE = "depa-ledger/agreement-signature/v1";
    public static final String RECEIPT_PURPOSE = "depa-ledger/training-receipt/v1";
    public static final String KEY_RELEASE_PURPOSE = "depa-ledger/key-release-request/v1";
    public static final String SPEC_KEY_RELEASE_PURPOSE = "depa-ledger/spec-key-release-request/v1";

    /** Where a signature is valid: one channel and one chaincode. */
    public record Domain(String channel, String chaincode) {
        public Domain {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(chaincode, "chaincode");
        }
    }

    private SigningPayloads() {}

    public static byte[] contract(Domain domain, String contractId, int version, String documentSha256) {
        TreeMap<String, Object> p = base(domain, CONTRACT_PURPOSE);
        p.put("contractId", Objects.requireNonNull(contractId, "contractId"));
        p.put("version", version);
        p.put("documentSha256", Objects.requireNonNull(documentSha256, "documentSha256"));
        return Json.canonical(p);
    }

    public static byte[] agreement(Domain domain, String participantId, String version, String textSha256) {
        TreeMap<String, Object> p = base(domain, AGREEMENT_PURPOSE);
        p.put("participantId", Objects.requireNonNull(participantId, "participantId"));
        p.put("agreementVersion", Objects.requireNonNull(version, "version"));
        p.put("textSha256", Objects.requireNonNull(textSha256, "textSha256"));
        return Json.canonical(p);
    }

    public static byte[] receipt(Domain domain, ReceiptBody body) {
        TreeMap<String, Object> p = base(domain, RECEIPT_PURPOSE);
        p.put("runId", Objects.requireNonNull(body, "body").runId());
        p.put("bodySha256", Hashes.sha256Hex(Json.canonical(body)));
        return Json.canonical(p);
    }

    /**
     * What the run key signs to ask for one dataset key: the run, the dataset, the release report
     * (whose REPORT_DATA binds the bridge's nonce and the recipient key) and the recipient key. No
     * channel or chaincode: the bridge that checks it first does not know them, and the run key is
     * fresh for one run, so it names its ledger already.
     */
    public static byte[] keyRelease(String runId, String datasetId, String reportSha256, String recipientKeySha256) {
        TreeMap<String, Object> p = new TreeMap<>();
        p.put("purpose", KEY_RELEASE_PURPOSE);
        p.put("runId", Objects.requireNonNull(runId, "runId"));
        p.put("datasetId", Objects.requireNonNull(datasetId, "datasetId"));
        p.put("reportSha256", Objects.requireNonNull(reportSha256, "reportSha256"));
        p.put("recipientKeySha256", Objects.requireNonNull(recipientKeySha256, "recipientKeySha256"));
        return Json.canonical(p);
    }

    /**
     * What the run key signs to ask a job's TDC for the key of the job's sealed model spec: as {@link #keyRelease},
     * with its own purpose (a signature for a spec key never counts as one for a dataset key, or the reverse) and
     * the job instead of a dataset.
     */
    public static byte[] specKeyRelease(String runId, String jobId, String reportSha256, String recipientKeySha256) {
        TreeMap<String, Object> p = new TreeMap<>();
        p.put("purpose", SPEC_KEY_RELEASE_PURPOSE);
        p.put("runId", Objects.requireNonNull(runId, "runId"));
        p.put("jobId", Objects.requireNonNull(jobId, "jobId"));
        p.put("reportSha256", Objects.requireNonNull(reportSha256, "reportSha256"));
        p.put("recipientKeySha256", Objects.requireNonNull(recipientKeySha256, "recipientKeySha256"));
        return Json.canonical(p);
    }

    private static TreeMap<String, Object> base(Domain domain, String purpose) {
        Objects.requireNonNull(domain, "domain");
        TreeMap<String, Object> p = new TreeMap<>();
        p.put("purpose", purpose);
        p.put("channel", domain.channel());
        p.put("chaincode", domain.chaincode());
        return p;
    }
}

package org.depa.kms.protocol;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.SigningPayloads;

/**
 * What a clean room sends to obtain one dataset key.
 *
 * @param runId the ledger run the key is for (the run names the contract and the attested measurement)
 * @param datasetId the dataset whose key is asked for
 * @param nonce the {@link Challenge#nonce()} bound into the report
 * @param reportBase64 the raw 1184-byte SEV-SNP ATTESTATION_REPORT, standard base64
 * @param certificateChainPem the VCEK (or VLEK), then optionally its ASK (ASVK) and ARK, PEM
 * @param recipientJwk the clean room's ephemeral public key as a JWK (EC P-256/P-384/P-521 or RSA of at least
 *     2048 bits); the key is wrapped to it and REPORT_DATA binds it
 * @param runKeySignature the run key's signature (standard base64) over {@link #signedPayload()}: the proof that the
 *     request comes from the clean room whose start report bound the run key
 */
public record ReleaseRequest(
        String runId,
        String datasetId,
        String nonce,
        String reportBase64,
        String certificateChainPem,
        Map<String, Object> recipientJwk,
        String runKeySignature) {

    public ReleaseRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(reportBase64, "reportBase64");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        recipientJwk = Map.copyOf(Objects.requireNonNull(recipientJwk, "recipientJwk"));
    }

    /**
     * The bytes the run key signs for a release of {@code datasetId} in {@code runId} with {@code report}, wrapped to
     * the key whose {@code recipientKeySha256} is given.
     */
    public static byte[] signedPayload(String runId, String datasetId, byte[] report, String recipientKeySha256) {
        return SigningPayloads.keyRelease(runId, datasetId, Hashes.sha256Hex(report), recipientKeySha256);
    }

    /**
     * A request for {@code datasetId} answering {@code challenge} with {@code report}, wrapped to {@code key}, signed
     * by the run key.
     */
    public static ReleaseRequest of(
            String runId,
            String datasetId,
            Challenge challenge,
            byte[] report,
            String certificateChainPem,
            EphemeralKey key,
            RunKeySigner runKey) {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(runKey, "runKey");
        byte[] payload = signedPayload(runId, datasetId, report, ReportDataBinding.recipientKeySha256(key.publicJwk()));
        return new ReleaseRequest(
                runId,
                datasetId,
                challenge.nonce(),
                Base64.getEncoder().encodeToString(report),
                certificateChainPem,
                key.publicJwk().toJSONObject(),
                Base64.getEncoder().encodeToString(runKey.sign(payload)));
    }
}

package org.depa.kms.protocol;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.SigningPayloads;

/**
 * What a clean room sends a job's TDC's bridge to obtain the key of the job's sealed model spec: the same evidence
 * as a {@link ReleaseRequest} for a dataset key (a nonce from that bridge's challenge, a fresh report binding it, the
 * recipient key and the run, the run key's signature), naming the job instead of a dataset. The run key signs
 * {@link SigningPayloads#specKeyRelease}, whose purpose differs from a dataset release's, so neither request can
 * stand for the other.
 */
public record SpecReleaseRequest(
        String runId,
        String jobId,
        String nonce,
        String reportBase64,
        String certificateChainPem,
        Map<String, Object> recipientJwk,
        String runKeySignature) {

    /** The claim a spec key's release JWE carries in its dataset slot: never a ledger dataset id (it has a '/'). */
    public static final String SUBJECT_PREFIX = "model-spec/";

    public SpecReleaseRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(reportBase64, "reportBase64");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        recipientJwk = Map.copyOf(Objects.requireNonNull(recipientJwk, "recipientJwk"));
    }

    /** The JWE subject of job {@code jobId}'s spec key. */
    public static String subject(String jobId) {
        return SUBJECT_PREFIX + jobId;
    }

    /** The bytes the run key signs for the spec key of {@code jobId} in {@code runId} with {@code report}. */
    public static byte[] signedPayload(String runId, String jobId, byte[] report, String recipientKeySha256) {
        return SigningPayloads.specKeyRelease(runId, jobId, Hashes.sha256Hex(report), recipientKeySha256);
    }

    /** A request for job {@code jobId}'s spec key answering {@code challenge} with {@code report}, signed by the run key. */
    public static SpecReleaseRequest of(
            String runId,
            String jobId,
            Challenge challenge,
            byte[] report,
            String certificateChainPem,
            EphemeralKey key,
            RunKeySigner runKey) {
        byte[] payload = signedPayload(runId, jobId, report, ReportDataBinding.recipientKeySha256(key.publicJwk()));
        return new SpecReleaseRequest(
                runId,
                jobId,
                challenge.nonce(),
                Base64.getEncoder().encodeToString(report),
                certificateChainPem,
                key.publicJwk().toJSONObject(),
                Base64.getEncoder().encodeToString(runKey.sign(payload)));
    }
}

package org.depa.kms.protocol;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;

/** {@link KeyReleaseClient} over java.net.http with the ledger model's strict JSON. */
final class HttpKeyReleaseClient implements KeyReleaseClient {
    private final HttpClient http;
    private final Duration timeout;

    HttpKeyReleaseClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public Challenge challenge(URI bridgeUri, String runId) throws ChallengeException {
        Objects.requireNonNull(bridgeUri, "bridgeUri");
        String body = Json.canonicalString(new ChallengeRequest(runId));
        HttpResponse<String> response;
        try {
            response = send(HttpRequest.newBuilder(resolve(bridgeUri, KmsPaths.CHALLENGE))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ChallengeException("bridge " + bridgeUri + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChallengeException("interrupted while asking " + bridgeUri + " for a challenge", e);
        }
        if (response.statusCode() != 200) {
            throw new ChallengeException(
                    "bridge answered " + response.statusCode() + " to a challenge: " + abbreviate(response.body()),
                    null);
        }
        try {
            Challenge c = Json.read(response.body(), Challenge.class);
            c.nonceBytes();
            return c;
        } catch (RuntimeException e) {
            throw new ChallengeException("unreadable challenge: " + e.getMessage(), e);
        }
    }

    @Override
    public ReleasedKey release(URI bridgeUri, ReleaseRequest request, EphemeralKey key)
            throws ReleaseRefusedException, ReleaseTransportException, KeyUnwrapException {
        Objects.requireNonNull(bridgeUri, "bridgeUri");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(key, "key");
        JWK recipient = RecipientKeys.parsePublic(request.recipientJwk());
        if (!recipient.equals(key.publicJwk())) {
            throw new IllegalArgumentException("the request's recipientJwk is not the public half of key");
        }
        HttpResponse<String> response;
        try {
            response = send(HttpRequest.newBuilder(resolve(bridgeUri, KmsPaths.RELEASE))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.canonicalString(request), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ReleaseTransportException("bridge " + bridgeUri + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseTransportException("interrupted while waiting for the release", e);
        }
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        ReleaseResponse body;
        try {
            body = Json.read(response.body(), ReleaseResponse.class);
        } catch (RuntimeException e) {
            throw new ReleaseTransportException("unreadable release response: " + e.getMessage(), e);
        }
        checkRecord(body, request, recipient);
        ReleaseJwe.Opened opened = ReleaseJwe.open(body.jwe(), key, request.datasetId(), request.runId());
        byte[] datasetKey = opened.datasetKey();
        try {
            return new ReleasedKey(datasetKey, opened.claims(), body.txId(), body.record());
        } finally {
            java.util.Arrays.fill(datasetKey, (byte) 0);
        }
    }

    @Override
    public ReleasedSpecKey releaseSpec(URI bridgeUri, SpecReleaseRequest request, EphemeralKey key)
            throws ReleaseRefusedException, ReleaseTransportException, KeyUnwrapException {
        Objects.requireNonNull(bridgeUri, "bridgeUri");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(key, "key");
        JWK recipient = RecipientKeys.parsePublic(request.recipientJwk());
        if (!recipient.equals(key.publicJwk())) {
            throw new IllegalArgumentException("the request's recipientJwk is not the public half of key");
        }
        HttpResponse<String> response = post(bridgeUri, KmsPaths.SPEC_RELEASE, Json.canonicalString(request));
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        SpecReleaseResponse body;
        try {
            body = Json.read(response.body(), SpecReleaseResponse.class);
        } catch (RuntimeException e) {
            throw new ReleaseTransportException("unreadable spec release response: " + e.getMessage(), e);
        }
        SpecKeyReleaseRecord r = body.record();
        if (!request.runId().equals(r.runId())
                || !request.jobId().equals(r.jobId())
                || !ReportDataBinding.recipientKeySha256(recipient).equals(r.recipientKeySha256())
                || !body.txId().equals(r.txId())) {
            throw new KeyUnwrapException("the ledger record returned is not for this run, job and recipient key", null);
        }
        ReleaseJwe.Opened opened =
                ReleaseJwe.open(body.jwe(), key, SpecReleaseRequest.subject(request.jobId()), request.runId());
        byte[] specKey = opened.datasetKey();
        try {
            return new ReleasedSpecKey(specKey, r);
        } finally {
            java.util.Arrays.fill(specKey, (byte) 0);
        }
    }

    private HttpResponse<String> post(URI bridgeUri, String path, String json) throws ReleaseTransportException {
        try {
            return send(HttpRequest.newBuilder(resolve(bridgeUri, path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ReleaseTransportException("bridge " + bridgeUri + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseTransportException("interrupted while waiting for the release", e);
        }
    }

    private static void checkRecord(ReleaseResponse body, ReleaseRequest request, JWK recipient)
            throws KeyUnwrapException {
        KeyReleaseRecord r = body.record();
        if (!request.runId().equals(r.runId())
                || !request.datasetId().equals(r.datasetId())
                || !ReportDataBinding.recipientKeySha256(recipient).equals(r.recipientKeySha256())
                || !body.txId().equals(r.txId())) {
            throw new KeyUnwrapException(
                    "the ledger record returned is not for this run, dataset and recipient key", null);
        }
    }

    private static ReleaseRefusedException refusal(HttpResponse<String> response) throws ReleaseTransportException {
        Problem problem;
        try {
            problem = Json.read(response.body(), Problem.class);
        } catch (RuntimeException e) {
            throw new ReleaseTransportException(
                    "bridge answered " + response.statusCode() + " without a problem document: "
                            + abbreviate(response.body()),
                    e);
        }
        return new ReleaseRefusedException(problem);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(timeout).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static URI resolve(URI base, String path) {
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s : s + "/").resolve(path);
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.strip();
        if (b.isEmpty()) {
            return "(empty)";
        }
        return b.length() > 200 ? b.substring(0, 200) + "..." : b;
    }
}

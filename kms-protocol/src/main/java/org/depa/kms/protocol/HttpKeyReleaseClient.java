package org.depa.kms.protocol;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;

/**
 * {@link KeyReleaseClient} over java.net.http with the ledger model's strict JSON. A bridge address that pins its
 * server certificate ({@link BridgeAddress}) is called trusting that certificate only. An https address without a pin
 * is refused before any connection unless the caller gave its own HttpClient (its own trust, an explicit choice):
 * the default client's trust would be the JDK's public roots, which say nothing about which bridge a party
 * registered.
 */
final class HttpKeyReleaseClient implements KeyReleaseClient {
    private final HttpClient http;
    private final Duration timeout;
    private final boolean callersTrust;
    private final Map<String, HttpClient> pinned = new ConcurrentHashMap<>();

    /**
     * @param callersTrust whether {@code http}'s trust is the caller's own choice, to be used for https addresses
     *     without a pin; false for the default client, which then refuses them
     */
    HttpKeyReleaseClient(HttpClient http, Duration timeout, boolean callersTrust) {
        this.http = http;
        this.timeout = timeout;
        this.callersTrust = callersTrust;
    }

    /** {@code uri} as a bridge address, refusing an https one without a pin unless the caller chose its trust. */
    private BridgeAddress address(URI uri) {
        BridgeAddress bridge = BridgeAddress.parse(uri);
        if (!callersTrust
                && "https".equalsIgnoreCase(bridge.base().getScheme())
                && bridge.certificateSha256().isEmpty()) {
            throw new IllegalArgumentException("the bridge address " + bridge.base() + " pins no server certificate"
                    + " (#" + BridgeAddress.CERTIFICATE + "=<sha256>): a clean room trusts a bridge over https only by"
                    + " the certificate its party registered, never by the JDK's public roots; register the bridge's"
                    + " pinned address");
        }
        return bridge;
    }

    @Override
    public Challenge challenge(URI bridgeUri, String runId) throws ChallengeException {
        Objects.requireNonNull(bridgeUri, "bridgeUri");
        String body = Json.canonicalString(new ChallengeRequest(runId));
        HttpResponse<String> response;
        BridgeAddress bridge;
        try {
            bridge = address(bridgeUri);
        } catch (IllegalArgumentException e) {
            throw new ChallengeException(e.getMessage(), e);
        }
        try {
            response = send(
                    bridge,
                    HttpRequest.newBuilder(resolve(bridge.base(), KmsPaths.CHALLENGE))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ChallengeException(unreachable(bridge, e), e);
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
        HttpResponse<String> response = post(bridgeUri, KmsPaths.RELEASE, Json.canonicalString(request));
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
        BridgeAddress bridge;
        try {
            bridge = address(bridgeUri);
        } catch (IllegalArgumentException e) {
            throw new ReleaseTransportException(e.getMessage(), e);
        }
        try {
            return send(
                    bridge,
                    HttpRequest.newBuilder(resolve(bridge.base(), path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ReleaseTransportException(unreachable(bridge, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseTransportException("interrupted while waiting for the release", e);
        }
    }

    /** Why {@code bridge} gave no answer; a server that failed the pinned certificate check says so, naming both. */
    private static String unreachable(BridgeAddress bridge, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "the bridge at " + bridge.base() + " did not prove its identity (TLS): " + t.getMessage();
            }
        }
        return "bridge " + bridge.base() + " unreachable: " + e.getMessage();
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

    private HttpResponse<String> send(BridgeAddress bridge, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return clientFor(bridge)
                .send(
                        request.timeout(timeout)
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * The given client for an address without a pin; for a pinned one, a client (one per pin, kept) whose only
     * trust is that certificate.
     */
    private HttpClient clientFor(BridgeAddress bridge) {
        if (bridge.certificateSha256().isEmpty()) {
            return http;
        }
        return pinned.computeIfAbsent(
                bridge.base() + "#" + bridge.certificateSha256().get(), k -> {
                    try {
                        SSLContext context = SSLContext.getInstance("TLSv1.3");
                        context.init(
                                null,
                                new TrustManager[] {
                                    new PinnedBridgeTrust(
                                            bridge.base().toString(),
                                            bridge.certificateSha256().get())
                                },
                                null);
                        HttpClient.Builder b = HttpClient.newBuilder().sslContext(context);
                        http.connectTimeout().ifPresent(b::connectTimeout);
                        return b.build();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
                    }
                });
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

package org.depa.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;

/**
 * A participant's HTTPS client of its organisation's gateway: mutual TLS with the participant's
 * certificate, JSON in and out, problems turned into {@link GatewayException}. Signing helpers
 * fetch a payload, sign it here with the participant's key and post only the signature.
 */
public final class GatewayClient {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final URI base;
    private final HttpClient http;
    private final ClientIdentity identity;

    private GatewayClient(URI base, HttpClient http, ClientIdentity identity) {
        this.base = base;
        this.http = http;
        this.identity = identity;
    }

    /**
     * @param base e.g. https://127.0.0.1:8443
     * @param identity the caller's key and certificate, or null to call without one
     * @param trustedCa PEM file of the CA that issued the gateway's server certificate
     */
    public static GatewayClient connect(URI base, ClientIdentity identity, Path trustedCa) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(trustedCa, "trustedCa");
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate c : ClientIdentity.certificates(trustedCa)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (identity != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "client", identity.key(), IN_MEMORY, identity.chain().toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, IN_MEMORY);
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            return new GatewayClient(base, http, identity);
        } catch (IOException | GeneralSecurityException e) {
            throw new ClientIdentity.IdentityException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public ClientIdentity identity() {
        return identity;
    }

    public String get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A binary answer (a sealed file) as it was sent; a refusal is a {@link GatewayException} as for {@link #get}. */
    public byte[] getBytes(String path) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(uri(path))
                            .GET()
                            .timeout(Duration.ofMinutes(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GatewayUnreachableException("cannot reach the gateway at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException("interrupted", e);
        }
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    public String post(String path, String json) {
        return send(json(uri(path), json).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public String put(String path, String json) {
        return send(json(uri(path), json).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public String post(String path, Object body) {
        return post(path, Json.canonicalString(body));
    }

    public JsonNode getJson(String path) {
        return Json.tree(get(path));
    }

    /**
     * Fetches the current version's signing payload of {@code contractId}, signs it with the
     * caller's key (locally) and posts the signature for {@code participantId}.
     */
    public String signContract(String contractId, String participantId) {
        JsonNode payload = getJson("/v1/contracts/" + contractId + "/signing-payload");
        byte[] bytes = Base64.getDecoder().decode(payload.get("payloadBase64").asText());
        String signature =
                Base64.getEncoder().encodeToString(identity().signer().sign(bytes));
        return post(
                "/v1/contracts/" + contractId + "/signatures",
                new SignContractRequest(contractId, payload.get("version").asInt(), participantId, signature));
    }

    /** Signs the current common agreement as {@code participantId}, locally. */
    public String signAgreement(String participantId) {
        JsonNode payload = getJson("/v1/agreement/signing-payload");
        byte[] bytes = Base64.getDecoder().decode(payload.get("payloadBase64").asText());
        String signature =
                Base64.getEncoder().encodeToString(identity().signer().sign(bytes));
        return post(
                "/v1/participants/" + participantId + "/agreement-signature",
                new SignAgreementRequest(participantId, payload.get("version").asText(), signature));
    }

    /** Reads server-sent events, handing each line (id, event, data, blank separator) to {@code sink}. */
    public void events(long from, Integer limit, Consumer<String> sink) {
        try (Stream<String> lines = eventLines(from, limit)) {
            lines.forEach(sink);
        }
    }

    /**
     * The server-sent event stream from block {@code from} on, line by line as the gateway sends
     * them; without a {@code limit} it waits for new events until closed.
     */
    public Stream<String> eventLines(long from, Integer limit) {
        return eventLines("/v1/events?from=" + from + (limit == null ? "" : "&limit=" + limit));
    }

    /**
     * The server-sent event stream at {@code path} (e.g. one training job's events, {@code
     * /v1/jobs/ID/events?from=N}), line by line as the gateway sends them, heartbeat comments included.
     */
    public Stream<String> eventLines(String path) {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try {
            HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() >= 400) {
                String body;
                try (Stream<String> lines = r.body()) {
                    body = String.join("\n", (Iterable<String>) lines::iterator);
                }
                throw problem(r.statusCode(), body);
            }
            return r.body();
        } catch (IOException e) {
            throw new GatewayUnreachableException("cannot reach the gateway at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private static HttpRequest.Builder json(URI uri, String body) {
        Objects.requireNonNull(body, "body");
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private String send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayUnreachableException("cannot reach the gateway at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException("interrupted", e);
        }
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), r.body());
        }
        return r.body();
    }

    private static GatewayException problem(int status, String body) {
        String code = null;
        String detail = null;
        try {
            JsonNode n = Json.mapper().readTree(body);
            code = n.path("code").asText(null);
            detail = n.path("detail").asText(null);
        } catch (IOException | RuntimeException e) {
            detail = body == null || body.isBlank() ? null : body.strip();
        }
        return new GatewayException(status, code, detail, body);
    }

    /** Reads a whole stream as UTF-8 (for request files given as "-"). */
    public static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.depa.kms.protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * A party calling its own bridge's administrative route over mutual TLS: {@code tls} presents the party's own client
 * certificate (the only one the bridge admits) and trusts the bridge's server certificate (its organisation's TLS
 * CA), so the address is the plain one (no {@code #tls-cert-sha256=} pin: that is the clean room's trust).
 */
public final class BridgeAdminClient {
    /**
     * The route: {@code GET} whether the bridge holds key {@code keyId} and can seal a release with it; {@code PUT} a
     * {@link KeyImportRequest} imports a key under that id.
     */
    public static final String KEY_STATUS = "v1/admin/keys/";

    private static final Pattern HELD = Pattern.compile("\"held\":true");

    /** The administrative call failed: no answer, a refusal (with its reason code), or an unreadable answer. */
    public static final class AdminException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unreachable;
        private final transient RefusalCode reasonCode;

        AdminException(String message, Throwable cause) {
            this(message, cause, false);
        }

        AdminException(String message, Throwable cause, boolean unreachable) {
            this(message, cause, unreachable, null);
        }

        AdminException(String message, Throwable cause, boolean unreachable, RefusalCode reasonCode) {
            super(message, cause);
            this.unreachable = unreachable;
            this.reasonCode = reasonCode;
        }

        /** No answer at all (connection refused, timed out): not a refusal. */
        public boolean unreachable() {
            return unreachable;
        }

        /** The bridge's reason when it refused with a problem document. */
        public Optional<RefusalCode> reasonCode() {
            return Optional.ofNullable(reasonCode);
        }
    }

    private final HttpClient http;

    public BridgeAdminClient(SSLContext tls) {
        this.http = HttpClient.newBuilder()
                .sslContext(Objects.requireNonNull(tls, "tls"))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Asks the bridge at {@code bridge} whether it holds {@code keyId}; true if held and sealable, false if it holds
     * no such key.
     *
     * @throws AdminException refused (not the owner's certificate, no certificate, ...) or unreachable, naming the bridge
     */
    public boolean holds(URI bridge, String keyId) throws AdminException {
        BridgeAddress address = address(bridge);
        HttpResponse<String> r = send(
                address,
                HttpRequest.newBuilder(HttpKeyReleaseClient.resolve(address.base(), KEY_STATUS + keyId))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json")
                        .GET()
                        .build());
        if (r.statusCode() == 200 && HELD.matcher(r.body()).find()) {
            return true;
        }
        Problem p = problem(address, r);
        if (p.reasonCode() == RefusalCode.KEY_UNAVAILABLE) {
            return false;
        }
        throw refused(address, p);
    }

    /**
     * Imports a key into the running bridge at {@code bridge} under {@code keyId} ({@code PUT
     * v1/admin/keys/{keyId}}): the bridge checks the request's proof, stores the key and releases it from then on,
     * without a restart.
     *
     * @throws AdminException refused (with {@link AdminException#reasonCode()}: {@link RefusalCode#KEY_ID_TAKEN},
     *     {@link RefusalCode#KEY_MISMATCH}, not the owner's certificate, ...) or unreachable, naming the bridge
     */
    public KeyImportResult importKey(URI bridge, String keyId, KeyImportRequest request) throws AdminException {
        Objects.requireNonNull(request, "request");
        BridgeAddress address = address(bridge);
        byte[] body;
        try {
            body = org.depa.ledger.model.Json.mapper().writeValueAsBytes(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AdminException("the import request does not encode as JSON", null);
        }
        if (body.length > KeyImportRequest.MAX_BODY_BYTES) {
            throw new AdminException(
                    "the import request is " + body.length + " bytes, over the " + KeyImportRequest.MAX_BODY_BYTES
                            + " a bridge accepts",
                    null);
        }
        HttpResponse<String> r;
        try {
            r = send(
                    address,
                    HttpRequest.newBuilder(HttpKeyReleaseClient.resolve(address.base(), KEY_STATUS + keyId))
                            .timeout(Duration.ofSeconds(60))
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build());
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
        if (r.statusCode() == 200) {
            try {
                return org.depa.ledger.model.Json.read(r.body(), KeyImportResult.class);
            } catch (RuntimeException e) {
                throw new AdminException("bridge " + address.base() + " answered 200 but not with an import result", e);
            }
        }
        throw refused(address, problem(address, r));
    }

    private static BridgeAddress address(URI bridge) throws AdminException {
        BridgeAddress address;
        try {
            address = BridgeAddress.parse(bridge);
        } catch (IllegalArgumentException e) {
            throw new AdminException(e.getMessage(), e);
        }
        if (address.certificateSha256().isPresent()) {
            throw new AdminException(
                    "administrative calls trust the organisation CA; give the bridge's address without its pin", null);
        }
        return address;
    }

    private HttpResponse<String> send(BridgeAddress address, HttpRequest request) throws AdminException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw new AdminException(
                    "the bridge at " + address.base() + " and this client did not agree on TLS: " + tlsReason(e), e);
        } catch (IOException e) {
            throw new AdminException("bridge " + address.base() + " unreachable: " + e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while asking " + address.base(), e);
        }
    }

    private static Problem problem(BridgeAddress address, HttpResponse<String> r) throws AdminException {
        try {
            return org.depa.ledger.model.Json.read(r.body(), Problem.class);
        } catch (RuntimeException e) {
            throw new AdminException(
                    "bridge " + address.base() + " answered " + r.statusCode() + " without a problem" + " document", e);
        }
    }

    private static AdminException refused(BridgeAddress address, Problem p) {
        return new AdminException(
                "bridge " + address.base() + " refused: " + p.reasonCode() + " " + p.detail(),
                null,
                false,
                p.reasonCode());
    }

    /** The TLS failure in words: an untrusted server certificate said as such, not as a class name. */
    private static String tlsReason(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "its server certificate was not issued by the CA this client trusts (the organisation's TLS CA)";
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The JDK prefixes causes with their class names ("sun.security....Exception: "): not for people.
        return m.replaceAll("[a-z]+(\\.[a-z]+)+\\.[A-Za-z]*Exception: ", "");
    }
}

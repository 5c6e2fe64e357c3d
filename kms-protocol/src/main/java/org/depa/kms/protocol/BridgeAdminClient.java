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
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * A party calling its own bridge's administrative route over mutual TLS: {@code tls} presents the party's own client
 * certificate (the only one the bridge admits) and trusts the bridge's server certificate (its organisation's TLS
 * CA), so the address is the plain one (no {@code #tls-cert-sha256=} pin: that is the clean room's trust).
 */
public final class BridgeAdminClient {
    /** The route: whether the bridge holds key {@code keyId} and can seal a release with it. */
    public static final String KEY_STATUS = "v1/admin/keys/";

    private static final Pattern HELD = Pattern.compile("\"held\":true");

    /** The administrative call failed: no answer, a refusal (with its reason code), or an unreadable answer. */
    public static final class AdminException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unreachable;

        AdminException(String message, Throwable cause) {
            this(message, cause, false);
        }

        AdminException(String message, Throwable cause, boolean unreachable) {
            super(message, cause);
            this.unreachable = unreachable;
        }

        /** No answer at all (connection refused, timed out): not a refusal. */
        public boolean unreachable() {
            return unreachable;
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
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(HttpKeyReleaseClient.resolve(address.base(), KEY_STATUS + keyId))
                            .timeout(Duration.ofSeconds(30))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw new AdminException(
                    "the bridge at " + address.base() + " and this client did not agree on TLS: " + tlsReason(e), e);
        } catch (IOException e) {
            throw new AdminException("bridge " + address.base() + " unreachable: " + e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while asking " + address.base(), e);
        }
        if (r.statusCode() == 200 && HELD.matcher(r.body()).find()) {
            return true;
        }
        Problem p;
        try {
            p = org.depa.ledger.model.Json.read(r.body(), Problem.class);
        } catch (RuntimeException e) {
            throw new AdminException(
                    "bridge " + address.base() + " answered " + r.statusCode() + " without a problem" + " document", e);
        }
        if (p.reasonCode() == RefusalCode.KEY_UNAVAILABLE) {
            return false;
        }
        throw new AdminException("bridge " + address.base() + " refused: " + p.reasonCode() + " " + p.detail(), null);
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

package org.depa.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Fabric node's health as its own operations service reports it ({@code GET /healthz} over TLS,
 * trusting only the node's TLS CA from the network description; Fabric serves {@code /healthz}
 * without a client certificate). 200 with status OK is "OK"; 503 names each failing component and
 * its reason. When the operations service does not answer (not configured, not reachable, its TLS
 * not the expected CA's), the node's own endpoint is tried for a TCP connection instead and the
 * result says it is only that.
 */
final class NodeHealth {
    static final String OK = "OK";
    static final String FAILING = "failing";
    static final String LISTENING = "listening";
    static final String NOT_REACHABLE = "not reachable";

    private static final Duration CONNECT = Duration.ofSeconds(1);
    /** As network.sh's own health wait (curl --max-time 3): a busy node's TLS handshake can take seconds. */
    private static final Duration ANSWER = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param status {@link #OK}, {@link #FAILING}, {@link #LISTENING} or {@link #NOT_REACHABLE}
     * @param detail why (the failing components and their reasons), or empty
     * @param checkedBy how the status was found: the operations service, or a TCP connection and why not the former
     */
    record Result(String status, String detail, String checkedBy) {}

    private NodeHealth() {}

    /**
     * @param endpoint the node's own endpoint (host:port), the fallback
     * @param operations its operations service (host:port), or null when the description has none
     * @param tlsCa the node's TLS CA (PEM), or null
     */
    static Result check(String endpoint, String operations, Path tlsCa) {
        String why;
        if (operations == null || operations.isBlank()) {
            why = "the network description names no operations service";
        } else if (tlsCa == null || !Files.isReadable(tlsCa)) {
            why = "the node's TLS CA file is not readable here";
        } else {
            try {
                return healthz(operations, tlsCa);
            } catch (IOException | GeneralSecurityException e) {
                why = "its operations service at " + operations + " did not answer (" + reason(e) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
        }
        return new Result(tcp(endpoint), "", "TCP connection to " + endpoint + " only: " + why);
    }

    private static Result healthz(String operations, Path tlsCa)
            throws IOException, GeneralSecurityException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(tlsCa))
                .connectTimeout(CONNECT)
                .build();
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create("https://" + operations + "/healthz"))
                        .timeout(ANSWER)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String by = "operations service https://" + operations + "/healthz";
        JsonNode body = parse(answer.body());
        if (answer.statusCode() == 200 && OK.equals(body.path("status").asText())) {
            return new Result(OK, "", by);
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode f : body.path("failed_checks")) {
            failed.add(f.path("component").asText("?") + ": " + f.path("reason").asText(""));
        }
        String detail = failed.isEmpty()
                ? "HTTP " + answer.statusCode() + ", status '"
                        + body.path("status").asText("") + "'"
                : String.join("; ", failed);
        return new Result(FAILING, detail, by);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    /** {@link #LISTENING} when {@code hostPort} accepts a TCP connection now, else {@link #NOT_REACHABLE}. */
    static String tcp(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return "unknown (no port in '" + hostPort + "')";
        }
        try (Socket s = new Socket()) {
            s.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    (int) CONNECT.toMillis());
            return LISTENING;
        } catch (IOException | NumberFormatException e) {
            return NOT_REACHABLE;
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}

package org.depa.data.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.data.endpoint.DataDownloadException.Kind;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download against endpoints that misbehave: each refused with its kind, naming the location. */
class DataDownloadTest {
    @TempDir
    Path dir;

    final CertificateAuthority ca = CertificateAuthority.create("endpoint CA");
    final Issued server = ca.tlsServer("endpoint", "127.0.0.1");
    HttpsServer hostile;

    @AfterEach
    void stop() {
        if (hostile != null) {
            hostile.stop(0);
        }
    }

    URI serve(HttpHandler handler) throws Exception {
        hostile = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        hostile.setHttpsConfigurator(
                new HttpsConfigurator(Tls.context(List.of(ca.certificate()), server.privateKey(), server.chain())));
        hostile.createContext("/", x -> {
            try (x) {
                handler.handle(x);
            }
        });
        hostile.start();
        return URI.create("https://127.0.0.1:" + hostile.getAddress().getPort() + "/v1/data/d/ciphertext");
    }

    DataDownload trusting(CertificateAuthority trusted, long max) {
        return new DataDownload(DataDownload.Settings.trusting(List.of(trusted.certificate()))
                .withMaxBytes(max)
                .withTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2), 3));
    }

    static void send(HttpExchange x, int status, byte[] body) throws java.io.IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void refusesAServerWhoseCertificateIsNotThePinnedOne() throws Exception {
        URI uri = serve(x -> send(x, 200, new byte[10]));

        assertThatThrownBy(() -> trusting(CertificateAuthority.create("another CA"), 100)
                        .toFile(uri, dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUST))
                .hasMessageContaining(uri.toString())
                .hasMessageContaining("only the pinned certificate is trusted");
    }

    @Test
    void refusesARedirect() throws Exception {
        URI uri = serve(x -> {
            x.getResponseHeaders().set("Location", "https://elsewhere.example/x.enc");
            send(x, 302, new byte[0]);
        });

        assertThatThrownBy(() -> trusting(ca, 100).toFile(uri, dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REDIRECT))
                .hasMessageContaining("redirected (302) to https://elsewhere.example/x.enc; redirects are refused");
    }

    @Test
    void refusesABodyAnnouncedOverTheLimit() throws Exception {
        URI uri = serve(x -> send(x, 200, new byte[2000]));

        assertThatThrownBy(() -> trusting(ca, 1000).toFile(uri, dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("the body of 2000 bytes is over the limit of 1000");
    }

    /** A hostile endpoint that streams without a length: cut off at the bound, not read to the end. */
    @Test
    void cutsOffAnEndlessBodyAtTheLimit() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        URI uri = serve(x -> {
            x.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = x.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 10_000; i++) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (java.io.IOException closedByTheClient) {
                // expected: the client stopped reading
            }
        });

        assertThatThrownBy(() -> trusting(ca, 100_000).toFile(uri, dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("cut off at the limit of 100000 bytes");
        assertThat(dir.resolve("f").toFile().length()).isLessThanOrEqualTo(100_000);
        assertThat(sent.get()).isLessThan(10_000 * 8192);
    }

    @Test
    void retriesAFailingEndpointAndResumesWhereItBrokeOff() throws Exception {
        byte[] body = new byte[50_000];
        new java.util.Random(7).nextBytes(body);
        AtomicInteger calls = new AtomicInteger();
        URI uri = serve(x -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                send(x, 503, new byte[0]);
                return;
            }
            if (call == 2) {
                // Announces the whole body, sends half and hangs up.
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body, 0, 20_000);
                x.getResponseBody().flush();
                x.getHttpContext().getServer(); // keep the exchange referenced
                throw new java.io.IOException("hang up");
            }
            String range = x.getRequestHeaders().getFirst("Range");
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            x.sendResponseHeaders(206, body.length - from);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });

        DataDownload.Downloaded d = trusting(ca, 100_000).toFile(uri, dir.resolve("f"), Map.of());

        assertThat(d.sha256()).isEqualTo(Hashes.sha256Hex(body));
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("f"))).isEqualTo(body);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void anEndpointThatIsDownIsUnavailableAfterEveryAttempt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("https://127.0.0.1:" + port + "/v1/data/d/ciphertext");

        assertThatThrownBy(() -> trusting(ca, 100).toFile(uri, dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("(after 3 attempts)");
    }

    @Test
    void refusesALocationThatIsNotHttps() {
        assertThatThrownBy(
                        () -> trusting(ca, 100).toFile(URI.create("http://127.0.0.1:1/x"), dir.resolve("f"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LOCATION))
                .hasMessageContaining("not an https location");
    }

    @Test
    void withNoTrustConfiguredOnlyAPinnedLocationCanBeFetched() {
        DataDownload none = new DataDownload(DataDownload.Settings.trusting(List.of()));

        assertThatThrownBy(() ->
                        none.toFile(URI.create("https://127.0.0.1:1/v1/data/x/ciphertext"), dir.resolve("x"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUST))
                .hasMessageContaining("no TLS trust is configured and the location pins no certificate");
        assertThatThrownBy(() -> Tls.context(List.of(), null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}

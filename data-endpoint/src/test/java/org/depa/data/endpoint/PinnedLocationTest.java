package org.depa.data.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.depa.data.endpoint.DataDownloadException.Kind;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locations that carry the endpoint certificate's SHA-256 and the ciphertext's size: the clean room
 * trusts exactly the registered certificate (whatever its own configuration trusts) and stops at the
 * registered size; a malformed or unknown pin is refused, never ignored.
 */
class PinnedLocationTest {
    @TempDir
    Path dir;

    final CertificateAuthority ca = CertificateAuthority.create("endpoint CA");
    final Issued server = ca.tlsServer("endpoint", "127.0.0.1");
    final byte[] body = new byte[5000];
    final AtomicReference<String> requested = new AtomicReference<>();
    HttpsServer https;

    @AfterEach
    void stop() {
        if (https != null) {
            https.stop(0);
        }
    }

    URI serve() throws Exception {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        https.setHttpsConfigurator(
                new HttpsConfigurator(Tls.context(List.of(ca.certificate()), server.privateKey(), server.chain())));
        https.createContext("/", x -> {
            try (x) {
                requested.set(x.getRequestURI().toString());
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        https.start();
        return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/v1/data/d/ciphertext");
    }

    String serverSha256() throws Exception {
        return Hashes.sha256Hex(server.certificate().getEncoded());
    }

    DataDownload trusting(List<java.security.cert.X509Certificate> trust) {
        return new DataDownload(
                DataDownload.Settings.trusting(trust).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 1));
    }

    @Test
    void theRegisteredCertificateIsTrustedEvenWithNoOtherTrustAndTheFragmentIsNotSent() throws Exception {
        URI at = PinnedLocation.of(serve(), serverSha256(), (long) body.length);

        DataDownload.Downloaded d = trusting(List.of()).toFile(at, dir.resolve("got"), Map.of());

        assertThat(at.toString()).contains("#tls-cert-sha256=" + serverSha256() + "&bytes=5000");
        assertThat(d.sha256()).isEqualTo(Hashes.sha256Hex(body));
        assertThat(requested.get()).isEqualTo("/v1/data/d/ciphertext");
    }

    @Test
    void anotherCertificateIsRefusedEvenWhenTheConfiguredTrustWouldAcceptIt() throws Exception {
        Issued other = ca.tlsServer("another endpoint", "127.0.0.1");
        URI at = PinnedLocation.of(serve(), Hashes.sha256Hex(other.certificate().getEncoded()), null);

        assertThatThrownBy(() -> trusting(List.of(ca.certificate())).toFile(at, dir.resolve("got"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUST))
                .hasMessageContaining("not the one registered with the data location");
        assertThat(requested.get()).isNull();
        assertThat(Files.exists(dir.resolve("got"))).isFalse();
    }

    @Test
    void theDeclaredSizeIsTheCap() throws Exception {
        URI at = PinnedLocation.of(serve(), serverSha256(), 4999L);

        assertThatThrownBy(() -> trusting(List.of()).toFile(at, dir.resolve("got"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("over the limit of 4999");
    }

    @Test
    void aMalformedOrUnknownPinIsRefusedNamingIt() {
        URI base = URI.create("https://127.0.0.1:1/v1/data/d/ciphertext");

        assertThatThrownBy(() -> PinnedLocation.parse(URI.create(base + "#tls-cert-sha256=abc")))
                .hasMessageContaining("tls-cert-sha256 'abc' is not 64 hex digits");
        assertThatThrownBy(() -> PinnedLocation.parse(URI.create(base + "#bytes=-4")))
                .hasMessageContaining("bytes '-4' is not a positive whole number");
        assertThatThrownBy(() -> PinnedLocation.parse(URI.create(base + "#trust-anything=1")))
                .hasMessageContaining("cannot use 'trust-anything=1'");
        assertThatThrownBy(() -> PinnedLocation.parse(URI.create(base + "#bytes=1&bytes=2")))
                .hasMessageContaining("cannot use 'bytes=2'");
        assertThatThrownBy(() -> trusting(List.of()).toFile(URI.create(base + "#x"), dir.resolve("got"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LOCATION));
        PinnedLocation plain = PinnedLocation.parse(base);
        assertThat(plain.certificateSha256()).isEmpty();
        assertThat(plain.bytes()).isEmpty();
        assertThat(plain.uri()).isEqualTo(base);
    }
}

package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.data.endpoint.Tls;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depa kms key-status} up to the bridge: usage errors (exit 2), a bridge that does not answer (exit 3, named),
 * and a server whose certificate is not from the organisation CA (exit 1, named: the command trusts that CA only).
 * The bridge's own answers to the owner and to a colleague are checked over the deployment (fabric-it
 * {@code BridgeTlsChecks}, through the same {@code BridgeAdminClient}).
 */
class KmsKeyStatusCommandTest {
    @TempDir
    Path dir;

    private final CertificateAuthority org = CertificateAuthority.create("IcmrMSP TLS CA (cli test)");

    @BeforeEach
    void identity() throws Exception {
        Issued me = org.tlsClient("icmr");
        Files.writeString(dir.resolve("ca.pem"), org.certificatePem());
        Files.writeString(dir.resolve("me.pem"), me.certificatePem());
        Files.writeString(dir.resolve("me-key.pem"), me.privateKeyPem());
    }

    private CliRun status(String bridge, String ca) {
        return CliRun.in(
                dir,
                "kms",
                "key-status",
                "--bridge",
                bridge,
                "--key-id",
                "icmr-data-key",
                "--ca",
                ca,
                "--cert",
                "me.pem",
                "--key",
                "me-key.pem");
    }

    @Test
    void usageErrorsAreExitTwoNamingTheOption() {
        CliRun http = status("http://127.0.0.1:8681", "ca.pem");
        assertThat(http.status()).isEqualTo(2);
        assertThat(http.err()).contains("--bridge must be the bridge's https URL");
        CliRun pinned = status("https://127.0.0.1:8681#tls-cert-sha256=" + "ab".repeat(32), "ca.pem");
        assertThat(pinned.status()).isEqualTo(2);
        CliRun absent = status("https://127.0.0.1:8681", "absent.pem");
        assertThat(absent.status()).isEqualTo(2);
        assertThat(absent.err()).contains("--ca ").contains("absent.pem is not a readable PEM file");
    }

    @Test
    void aBridgeThatDoesNotAnswerIsExitThreeNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = status("https://127.0.0.1:" + port, "ca.pem").isClean();
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("bridge https://127.0.0.1:" + port + " unreachable");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aServerWithACertificateOfAnotherCaIsRefusedNamed() throws Exception {
        Issued impostor = CertificateAuthority.create("Some other CA").tlsServer("kms-bridge icmr", "127.0.0.1");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(
                Tls.context(List.of(org.certificate()), impostor.privateKey(), impostor.chain())));
        server.createContext("/", x -> {
            byte[] b = "{\"held\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            CliRun r = status(url, "ca.pem").isClean();
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err())
                    .contains("the bridge at " + url)
                    .contains("did not agree on TLS")
                    .contains("not issued by the CA this client trusts");
            assertThat(r.out()).doesNotContain("held by");
        } finally {
            server.stop(0);
        }
    }
}

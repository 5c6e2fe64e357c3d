package org.depa.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.PemText;
import org.depa.testkit.Pkcs12;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consortium page's node health against real HTTPS servers answering as Fabric's operations
 * service does: OK, a failing component with its reason, an operations service that is down or
 * presents another CA's certificate (then the TCP fallback, saying so), and a node that is down.
 */
class NodeHealthTest {
    @TempDir
    Path dir;

    @Test
    void anOkHealthzIsOkFromTheOperationsService() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("node TLS CA");
        try (var ops = Ops.start(ca, dir, 200, "{\"status\":\"OK\",\"time\":\"2026-12-05T12:00:00Z\"}");
                ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeHealth.Result r = NodeHealth.check(at(node), ops.endpoint(), ops.ca);
            assertThat(r.status()).isEqualTo("OK");
            assertThat(r.detail()).isEmpty();
            assertThat(r.checkedBy()).isEqualTo("operations service https://" + ops.endpoint() + "/healthz");
        }
    }

    @Test
    void aFailingComponentIsNamedWithItsReason() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("node TLS CA");
        String body = "{\"status\":\"Service Unavailable\",\"time\":\"2026-12-05T12:00:00Z\",\"failed_checks\":"
                + "[{\"component\":\"docker\",\"reason\":\"failed to connect to Docker daemon\"},"
                + "{\"component\":\"couchdb\",\"reason\":\"no answer\"}]}";
        try (var ops = Ops.start(ca, dir, 503, body);
                ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeHealth.Result r = NodeHealth.check(at(node), ops.endpoint(), ops.ca);
            assertThat(r.status()).as(r.toString()).isEqualTo("failing");
            assertThat(r.detail()).isEqualTo("docker: failed to connect to Docker daemon; couchdb: no answer");
            assertThat(r.checkedBy()).startsWith("operations service");
        }
    }

    @Test
    void anOperationsServiceOfAnotherCaIsNotBelievedAndTheFallbackSaysSo() throws Exception {
        CertificateAuthority expected = CertificateAuthority.create("node TLS CA");
        Path expectedCa = PemText.write(dir.resolve("expected.pem"), expected.certificatePem());
        CertificateAuthority other = CertificateAuthority.create("someone else's CA");
        try (var ops = Ops.start(other, dir, 200, "{\"status\":\"OK\"}");
                ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeHealth.Result r = NodeHealth.check(at(node), ops.endpoint(), expectedCa);
            assertThat(r.status()).isEqualTo("listening");
            assertThat(r.checkedBy())
                    .startsWith("TCP connection to " + at(node) + " only: its operations service at " + ops.endpoint()
                            + " did not answer (");
        }
    }

    @Test
    void noOperationsServiceFallsBackToTcpAndADownNodeIsNotReachable() throws Exception {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = at(s);
        }
        NodeHealth.Result down = NodeHealth.check(closed, closed, dir.resolve("missing.pem"));
        assertThat(down.status()).isEqualTo("not reachable");
        assertThat(down.checkedBy())
                .isEqualTo("TCP connection to " + closed + " only: the node's TLS CA file is not readable here");
        try (ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeHealth.Result up = NodeHealth.check(at(node), null, null);
            assertThat(up.status()).isEqualTo("listening");
            assertThat(up.checkedBy()).endsWith("the network description names no operations service");
        }
        CertificateAuthority ca = CertificateAuthority.create("node TLS CA");
        Path caFile = PemText.write(dir.resolve("ca.pem"), ca.certificatePem());
        NodeHealth.Result bothDown = NodeHealth.check(closed, closed, caFile);
        assertThat(bothDown.status()).isEqualTo("not reachable");
        assertThat(bothDown.checkedBy()).contains("its operations service at " + closed + " did not answer");
    }

    private static String at(ServerSocket s) {
        return "127.0.0.1:" + s.getLocalPort();
    }

    /** An operations service: {@code /healthz} answers {@code status} with {@code body} over TLS. */
    private record Ops(HttpsServer server, Path ca) implements AutoCloseable {
        static Ops start(CertificateAuthority ca, Path dir, int status, String body) throws Exception {
            Issued issued = ca.tlsServer("peer0", "127.0.0.1", "localhost");
            char[] password = "ops".toCharArray();
            Path p12 = Pkcs12.writeKeyStore(issued, dir.resolve("ops-" + System.nanoTime() + ".p12"), password);
            KeyStore store = Pkcs12.load(p12, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            server.createContext("/healthz", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return new Ops(server, PemText.write(dir.resolve("ca-" + System.nanoTime() + ".pem"), ca.certificatePem()));
        }

        String endpoint() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

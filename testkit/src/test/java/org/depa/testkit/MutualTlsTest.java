package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA's TLS certificates in a real JDK mutual-TLS handshake over loopback, as the gateway uses them. */
class MutualTlsTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("mTLS CA");

    @TempDir
    Path dir;

    private SSLContext context(Issued identity, String name) throws Exception {
        char[] password = Pkcs12.testPassword();
        KeyStore keys = Pkcs12.load(Pkcs12.writeKeyStore(identity, dir.resolve(name + ".p12"), password), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        KeyStore trust = Pkcs12.load(CA.writeTrustStore(dir.resolve(name + "-trust.p12"), password), password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return tls;
    }

    /** Serves one connection that must present a client certificate: echoes one byte; the server's outcome. */
    private CompletableFuture<String> serveOnce(SSLServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (server;
                    SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                int b = s.getInputStream().read();
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
                return "served " + s.getSession().getPeerPrincipal().getName();
            } catch (SSLHandshakeException e) {
                return "handshake refused";
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
    }

    private SSLServerSocket server() throws Exception {
        SSLServerSocket server = (SSLServerSocket) context(CA.tlsServer("server", "127.0.0.1", "localhost"), "server")
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return server;
    }

    private static SSLSocket connect(SSLContext client, SSLServerSocket server) throws IOException {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort());
        socket.setSoTimeout(10_000);
        // Checks the server certificate's iPAddress name against the address dialled, as HTTPS clients do.
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Test
    void aClientCertificateFromTheCaCompletesTheHandshakeBothWays() throws Exception {
        SSLServerSocket server = server();
        CompletableFuture<String> outcome = serveOnce(server);
        try (SSLSocket socket = connect(context(CA.tlsClient("alice"), "alice"), server)) {
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isEqualTo(42);
            assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=server");
        }
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo("served CN=alice");
    }

    @Test
    void anEd25519ClientCertificateCompletesTheHandshake() throws Exception {
        SSLServerSocket server = server();
        CompletableFuture<String> outcome = serveOnce(server);
        Issued cowin = CA.tlsClient("cowin", KeyType.ED25519);
        assertThat(cowin.certificate().getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        try (SSLSocket socket = connect(context(cowin, "cowin"), server)) {
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo("served CN=cowin");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedInTheHandshake() throws Exception {
        SSLServerSocket server = server();
        CompletableFuture<String> outcome = serveOnce(server);
        Issued foreign = CertificateAuthority.create("foreign CA").tlsClient("mallory");
        try (SSLSocket socket = connect(context(foreign, "mallory"), server)) {
            assertThatThrownBy(() -> {
                        socket.getOutputStream().write(42);
                        socket.getOutputStream().flush();
                        if (socket.getInputStream().read() < 0) {
                            throw new IOException("closed by the server");
                        }
                    })
                    .isInstanceOf(IOException.class);
        }
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo("handshake refused");
    }
}

package org.depa.dashboard;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.PemText;
import org.depa.testkit.Pkcs12;

/**
 * A loopback HTTPS server with a certificate of a fresh CA the browser does not know: the browser
 * must refuse it unless its key is the one pinned.
 */
final class UnpinnedServer implements AutoCloseable {
    static final String BODY = "served over a key nobody pinned";

    private final HttpsServer server;
    final Path certificate;

    private UnpinnedServer(HttpsServer server, Path certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    static UnpinnedServer start(Path dir) throws IOException {
        Issued issued = CertificateAuthority.create("unpinned test CA").tlsServer("unpinned", "127.0.0.1", "localhost");
        char[] password = "unpinned".toCharArray();
        Path p12 = Pkcs12.writeKeyStore(issued, dir.resolve("unpinned.p12"), password);
        Path pem = PemText.write(dir.resolve("unpinned.pem"), issued.certificatePem());
        try {
            KeyStore store = Pkcs12.load(p12, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/", exchange -> {
                byte[] body = ("<!doctype html><title>x</title><p>" + BODY).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new UnpinnedServer(server, pem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the test TLS server", e);
        }
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

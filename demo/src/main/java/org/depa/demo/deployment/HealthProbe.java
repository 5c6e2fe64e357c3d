package org.depa.demo.deployment;

import java.io.IOException;
import java.io.InputStream;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks a component whether it is ready: {@code GET /q/health/ready} (Quarkus' readiness, which
 * includes the ledger connection) over HTTPS trusting only the organisation's TLS CA, which issued
 * both the gateways' and the bridges' server certificates. No client certificate: health needs none.
 */
final class HealthProbe {
    private HealthProbe() {}

    /** "UP", "DOWN (status N)" or "UNREACHABLE (reason)". */
    static String check(String url, Path trustedCa) {
        try {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
            if (url.startsWith("https:")) {
                b.sslContext(trusting(trustedCa));
            }
            HttpResponse<String> r = b.build()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN (status " + r.statusCode() + ")";
        } catch (IOException e) {
            return "UNREACHABLE (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE (interrupted)";
        } catch (GeneralSecurityException e) {
            return "UNREACHABLE (TLS: " + e.getMessage() + ")";
        }
    }

    static SSLContext trusting(Path ca) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

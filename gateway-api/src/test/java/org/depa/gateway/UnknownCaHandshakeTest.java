package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.Pkcs12;
import org.junit.jupiter.api.Test;

/**
 * A client that presents a certificate from an unknown CA even though the server did not list
 * that CA (an ordinary client would then send none, which is the 401 case): the gateway refuses
 * it in the TLS handshake, before any HTTP.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class UnknownCaHandshakeTest {

    @Test
    void aForcedCertificateFromAnUnknownCaFailsTheHandshake() throws Exception {
        Member foreign = Api.certified("hs-foreign", Role.TDC, "ConsumerMSP", "foreign");
        String outcome = request(foreign, "/v1/agreement");
        assertThat(outcome).isEqualTo("handshake refused");
    }

    @Test
    void theSameClientWithATrustedCertificateGetsAnHttpAnswer() throws Exception {
        Member trusted = Api.certified("hs-trusted", Role.TDC, "ConsumerMSP", "ca");
        // Trusted but unregistered: the handshake succeeds and the gateway answers 403.
        assertThat(request(trusted, "/v1/agreement")).startsWith("HTTP/1.1 403");
    }

    private static String request(Member m, String path) throws Exception {
        KeyStore ks = Pkcs12.load(m.keyStore(), Pkcs12.testPassword());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, Pkcs12.testPassword());
        X509KeyManager forced = new AlwaysPresent((X509KeyManager) kmf.getKeyManagers()[0]);
        KeyStore trust = Pkcs12.load(Api.pki().resolve("trust.p12"), Pkcs12.testPassword());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new javax.net.ssl.KeyManager[] {forced}, tmf.getTrustManagers(), new SecureRandom());
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(tls)
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(10))
                .build();
        try {
            java.net.http.HttpResponse<String> r = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(Api.base() + path))
                            .timeout(java.time.Duration.ofSeconds(20))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return "HTTP/1.1 " + r.statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return "no answer";
        } catch (IOException e) {
            // The server aborts the handshake (TLS 1.3 may report it on the first read as a reset).
            return "handshake refused";
        }
    }

    /** Offers its one key whatever issuers the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        AlwaysPresent(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return Pkcs12.KEY_ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {Pkcs12.KEY_ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return Pkcs12.KEY_ALIAS;
        }
    }
}

package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.depa.attestation.CertificateLoader;
import org.depa.kms.protocol.BridgeAddress;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeException;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The bridge over HTTPS with its organisation's certificates, as the deployment runs it. Its administrative route
 * admits exactly the key owner's client certificate: no certificate, another organisation's, and a colleague's of
 * the same organisation are each refused with their reason. The key-release client trusts exactly the certificate
 * the bridge's address pins: with the right pin it gets a challenge, with another pin it refuses the server and
 * names it.
 */
@QuarkusTest
@WithTestResource(TlsResource.class)
class MutualTlsTest extends BridgeTest {
    @TestHTTPResource(value = "/", tls = true)
    URL url;

    /** Read when a test runs, not injected: the test class is a bean of every test application, which lack it. */
    private static Path dir() {
        return Path.of(ConfigProvider.getConfig().getValue(TlsResource.DIR, String.class));
    }

    private URI base() {
        return URI.create("https://127.0.0.1:" + url.getPort() + "/");
    }

    @Test
    void theOwnersCertificateIsAdmittedAndSeesItsKey() throws Exception {
        HttpResponse<String> held = get(as("owner"), "v1/admin/keys/icmr-data-key");
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.body()).contains("\"held\":true").contains("\"sealable\":true");

        HttpResponse<String> absent = get(as("owner"), "v1/admin/keys/no-such-key");
        assertThat(code(absent)).isEqualTo(RefusalCode.KEY_UNAVAILABLE);
    }

    @Test
    void noClientCertificateIsRefusedWith401() throws Exception {
        HttpResponse<String> r = get(as(null), "v1/admin/keys/icmr-data-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo(RefusalCode.NO_CLIENT_CERTIFICATE);
    }

    @Test
    void aColleagueOfTheSameOrganisationIsNotTheKeyOwner() throws Exception {
        HttpResponse<String> r = get(as("colleague"), "v1/admin/keys/icmr-data-key");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo(RefusalCode.NOT_THE_KEY_OWNER);
        assertThat(r.body()).contains("icmr-colleague").doesNotContain("\"held\"");
    }

    @Test
    void anotherOrganisationsCertificateWithTheOwnersNameIsRefused() throws Exception {
        // The JDK's TLS server may drop an untrusted certificate in the handshake (then the route sees none) or the
        // route refuses it: either way nothing is admitted.
        HttpResponse<String> r;
        try {
            r = get(as("other-org"), "v1/admin/keys/icmr-data-key");
        } catch (IOException handshakeRefused) {
            return;
        }
        assertThat(r.statusCode()).isIn(401, 403);
        assertThat(code(r)).isIn(RefusalCode.NO_CLIENT_CERTIFICATE, RefusalCode.CLIENT_NOT_TRUSTED);
    }

    @Test
    void theReleaseClientTrustsExactlyThePinnedCertificate() throws Exception {
        String run = startedRun();
        String sha = Hashes.sha256Hex(cert("server").getEncoded());
        KeyReleaseClient client = KeyReleaseClient.create();

        Challenge c = client.challenge(BridgeAddress.pinned(base(), sha), run);
        assertThat(c.nonceBytes()).hasSize(32);

        String wrong = Hashes.sha256Hex(cert("owner").getEncoded());
        assertThatThrownBy(() -> client.challenge(BridgeAddress.pinned(base(), wrong), run))
                .isInstanceOf(ChallengeException.class)
                .hasMessageContaining("127.0.0.1:" + url.getPort())
                .hasMessageContaining("is not the bridge its address pins")
                .hasMessageContaining(sha)
                .hasMessageContaining(wrong);
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(base().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RefusalCode code(HttpResponse<String> r) {
        return Json.read(r.body(), Problem.class).reasonCode();
    }

    private X509Certificate cert(String name) throws Exception {
        return CertificateLoader.load(dir().resolve(name + ".pem")).get(0);
    }

    /** A client trusting the organisation CA, presenting {@code name}'s certificate (none for null). */
    private HttpClient as(String name) throws Exception {
        return HttpClient.newBuilder().sslContext(OwnerTls.as(dir(), name)).build();
    }
}

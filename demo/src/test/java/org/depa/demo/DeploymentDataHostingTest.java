package org.depa.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.data.endpoint.PublishConflictException;
import org.depa.demo.deployment.DeploymentLayout;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TDP of the demo over a deployment publishes into its own data endpoint's store: https locations
 * pinned to that endpoint's certificate and the ciphertext's size, a 20-row sample; a different
 * ciphertext under the same id is refused.
 */
class DeploymentDataHostingTest {
    @TempDir
    Path home;

    @Test
    void publishesIntoTheTdpsEndpointAndRegistersPinnedHttpsLocations() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(home);
        Path dir = Files.createDirectories(layout.dataEndpoint("icmr"));
        CertificateAuthority ca = CertificateAuthority.create("icmr endpoint CA");
        Issued server = ca.tlsServer("icmr data endpoint", "127.0.0.1");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("client-cas.pem"), ca.certificatePem());
        Properties p = new Properties();
        p.setProperty("tdpId", "icmr-d1");
        p.setProperty("storeDir", dir.resolve("store").toString());
        p.setProperty("stateDir", dir.resolve("state").toString());
        p.setProperty("port", "8701");
        p.setProperty("serverCertificate", dir.resolve("server.pem").toString());
        p.setProperty("serverKey", dir.resolve("server-key.pem").toString());
        p.setProperty("clientCas", dir.resolve("client-cas.pem").toString());
        p.setProperty("ledger", "fabric");
        try (var out = Files.newOutputStream(dir.resolve("endpoint.properties"))) {
            p.store(out, null);
        }
        EndpointSettings icmr = EndpointSettings.read(dir.resolve("endpoint.properties"));
        Files.writeString(home.resolve("icmr.enc"), "ciphertext");
        Files.writeString(home.resolve("icmr.csv"), "h\n" + "1\n".repeat(50));
        DatasetHosting hosting = new DeploymentDataHosting(layout, home.resolve("samples"));

        DatasetHosting.Hosted at =
                hosting.host("icmr", "icmr-data-d1", home.resolve("icmr.enc"), home.resolve("icmr.csv"));

        assertThat(at.encryptedLocation())
                .isEqualTo("https://127.0.0.1:8701/v1/data/icmr-data-d1/ciphertext#tls-cert-sha256="
                        + icmr.certificateSha256() + "&bytes=10");
        assertThat(at.sampleLocation())
                .startsWith("https://127.0.0.1:8701/v1/data/icmr-data-d1/sample#tls-cert-sha256=");
        assertThat(at.where()).contains("published on its data endpoint https://127.0.0.1:8701/");
        assertThat(Files.readAllLines(icmr.storeDir().resolve("icmr-data-d1/sample.csv")))
                .hasSize(DeploymentDataHosting.SAMPLE_ROWS + 1);
        Files.writeString(home.resolve("icmr.enc"), "another ciphertext");
        assertThatThrownBy(
                        () -> hosting.host("icmr", "icmr-data-d1", home.resolve("icmr.enc"), home.resolve("icmr.csv")))
                .isInstanceOf(PublishConflictException.class);
        assertThat(Files.readString(icmr.storeDir().resolve("icmr-data-d1/ciphertext.enc")))
                .isEqualTo("ciphertext");
    }
}

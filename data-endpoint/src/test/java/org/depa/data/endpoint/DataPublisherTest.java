package org.depa.data.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing into the TDP's endpoint store: a published ciphertext is never replaced; the same bytes again are harmless. */
class DataPublisherTest {
    @TempDir
    Path dir;

    EndpointSettings endpoint() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("endpoint CA");
        Issued server = ca.tlsServer("endpoint", "127.0.0.1");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("cas.pem"), ca.certificatePem());
        Properties p = new Properties();
        p.setProperty("tdpId", "icmr");
        p.setProperty("storeDir", dir.resolve("store").toString());
        p.setProperty("stateDir", dir.resolve("state").toString());
        p.setProperty("port", "8701");
        p.setProperty("serverCertificate", dir.resolve("server.pem").toString());
        p.setProperty("serverKey", dir.resolve("key.pem").toString());
        p.setProperty("clientCas", dir.resolve("cas.pem").toString());
        p.setProperty("ledger", "embedded");
        return EndpointSettings.of(p);
    }

    @Test
    void publishesOnceRefusesADifferentCiphertextAndRepublishingTheSameBytesChangesNothing() throws Exception {
        EndpointSettings e = endpoint();
        Files.writeString(dir.resolve("a.enc"), "ciphertext A");
        Files.writeString(dir.resolve("b.enc"), "ciphertext B");
        Files.writeString(dir.resolve("s1.csv"), "age\n1\n");

        DataPublisher.Publication first =
                DataPublisher.publish(e, "icmr-data", dir.resolve("a.enc"), dir.resolve("s1.csv"));

        assertThat(first.published().unchanged()).isFalse();
        assertThat(first.published().ciphertextSha256()).isEqualTo(Hashes.sha256Hex("ciphertext A".getBytes()));
        assertThat(first.encryptedLocation())
                .hasToString("https://127.0.0.1:8701/v1/data/icmr-data/ciphertext#tls-cert-sha256="
                        + e.certificateSha256() + "&bytes=12");
        assertThat(first.sampleLocation().orElseThrow())
                .hasToString(
                        "https://127.0.0.1:8701/v1/data/icmr-data/sample#tls-cert-sha256=" + e.certificateSha256());

        assertThatThrownBy(() -> DataPublisher.publish(e, "icmr-data", dir.resolve("b.enc"), null))
                .isInstanceOf(PublishConflictException.class)
                .hasMessageContaining("dataset 'icmr-data' already has a different ciphertext")
                .hasMessageContaining("publish it under a new dataset id");
        Path stored = dir.resolve("store/icmr-data/ciphertext.enc");
        assertThat(Files.readString(stored)).isEqualTo("ciphertext A");
        try (var left = Files.list(dir.resolve("store/icmr-data"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ciphertext.enc", "sample.csv");
        }

        DataPublisher.Publication again = DataPublisher.publish(e, "icmr-data", dir.resolve("a.enc"), null);
        assertThat(again.published().unchanged()).isTrue();
        assertThat(again.encryptedLocation()).isEqualTo(first.encryptedLocation());
        assertThat(Files.readString(dir.resolve("store/icmr-data/sample.csv"))).isEqualTo("age\n1\n");
    }

    @Test
    void aBadIdOrAMissingFileIsNamedAndNothingIsWritten() throws Exception {
        EndpointSettings e = endpoint();
        Files.writeString(dir.resolve("a.enc"), "x");

        assertThatThrownBy(() -> DataPublisher.publish(e, "../etc", dir.resolve("a.enc"), null))
                .hasMessageContaining("dataset id '../etc' is not an id");
        assertThatThrownBy(() -> DataPublisher.publish(e, "icmr-data", dir.resolve("missing.enc"), null))
                .hasMessageContaining("ciphertext file '" + dir.resolve("missing.enc") + "' does not exist");
        assertThat(Files.exists(dir.resolve("store/icmr-data"))).isFalse();
        // Checked before reading: a device or a huge file is no properties file.
        assertThatThrownBy(() -> EndpointSettings.read(Path.of("/dev/zero")))
                .hasMessageContaining("/dev/zero: not a properties file");
    }
}

package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `depa dataset publish`: into the TDP's endpoint store, the locations to register; never over another ciphertext. */
class DatasetPublishCommandTest {
    @TempDir
    Path dir;

    Path endpoint() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("icmr endpoint CA");
        Issued server = ca.tlsServer("icmr data endpoint", "127.0.0.1");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("cas.pem"), ca.certificatePem());
        Properties p = new Properties();
        p.setProperty("tdpId", "icmr");
        p.setProperty("storeDir", "store");
        p.setProperty("stateDir", "state");
        p.setProperty("port", "8701");
        p.setProperty("serverCertificate", dir.resolve("server.pem").toString());
        p.setProperty("serverKey", dir.resolve("server-key.pem").toString());
        p.setProperty("clientCas", dir.resolve("cas.pem").toString());
        p.setProperty("ledger", "embedded");
        p.setProperty("storeDir", dir.resolve("store").toString());
        p.setProperty("stateDir", dir.resolve("state").toString());
        Path file = dir.resolve("endpoint.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    @Test
    void printsThePinnedLocationsToRegisterRefusesAnotherCiphertextAndRepeatsHarmlessly() throws Exception {
        endpoint();
        Files.writeString(dir.resolve("icmr.enc"), "ciphertext one");
        Files.writeString(dir.resolve("other.enc"), "ciphertext two");
        Files.writeString(dir.resolve("sample.csv"), "age\n34\n");
        String[] publish = {
            "dataset",
            "publish",
            "--endpoint",
            "endpoint.properties",
            "--dataset-id",
            "icmr-data",
            "--ciphertext",
            "icmr.enc",
            "--sample",
            "sample.csv"
        };

        CliRun first = CliRun.in(dir, publish).isClean();

        assertThat(first.status()).as(first.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(first.out());
        String cert =
                Hashes.sha256Hex(org.depa.data.endpoint.Tls.certificates(Files.readString(dir.resolve("server.pem")))
                        .get(0)
                        .getEncoded());
        assertThat(j.get("published").asText()).isEqualTo("new");
        assertThat(j.get("ciphertextSha256").asText()).isEqualTo(Hashes.sha256Hex("ciphertext one".getBytes()));
        assertThat(j.get("encryptedLocation").asText())
                .isEqualTo("https://127.0.0.1:8701/v1/data/icmr-data/ciphertext#tls-cert-sha256=" + cert + "&bytes=14");
        assertThat(j.get("sampleLocation").asText())
                .isEqualTo("https://127.0.0.1:8701/v1/data/icmr-data/sample#tls-cert-sha256=" + cert);
        assertThat(Files.readString(dir.resolve("store/icmr-data/ciphertext.enc")))
                .isEqualTo("ciphertext one");

        CliRun other = CliRun.in(
                        dir,
                        "dataset",
                        "publish",
                        "--endpoint",
                        "endpoint.properties",
                        "--dataset-id",
                        "icmr-data",
                        "--ciphertext",
                        "other.enc")
                .isClean();
        assertThat(other.status()).isEqualTo(1);
        assertThat(other.err())
                .startsWith("depa dataset: dataset 'icmr-data' already has a different ciphertext")
                .contains("publish it under a new dataset id");
        assertThat(Files.readString(dir.resolve("store/icmr-data/ciphertext.enc")))
                .isEqualTo("ciphertext one");

        CliRun again = CliRun.in(dir, publish).isClean();
        assertThat(again.status()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).get("published").asText())
                .startsWith("unchanged");
    }

    @Test
    void aMissingEndpointFileOrABadIdIsNamedWithExitTwo() throws Exception {
        Files.writeString(dir.resolve("icmr.enc"), "x");
        CliRun.in(
                        dir,
                        "dataset",
                        "publish",
                        "--endpoint",
                        "nope.properties",
                        "--dataset-id",
                        "d",
                        "--ciphertext",
                        "icmr.enc")
                .isUsageError("nope.properties: no such file");
        endpoint();
        CliRun.in(
                        dir,
                        "dataset",
                        "publish",
                        "--endpoint",
                        "endpoint.properties",
                        "--dataset-id",
                        "a/../b",
                        "--ciphertext",
                        "icmr.enc")
                .isUsageError("dataset id 'a/../b' is not an id");
        CliRun.in(
                        dir,
                        "dataset",
                        "publish",
                        "--endpoint",
                        "endpoint.properties",
                        "--dataset-id",
                        " ",
                        "--ciphertext",
                        "icmr.enc")
                .isUsageError("--dataset-id is empty");
        assertThat(dir.resolve("store/d")).doesNotExist();
    }
}

package org.depa.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.testkit.Issued;
import org.depa.testkit.Pkcs12;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The participant's key and certificate, from PEM files or a PKCS#12 file. */
class ClientIdentityTest {
    @TempDir
    Path dir;

    Credentials credentials() {
        Instant now = Instant.now();
        return SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "client-test",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
    }

    @Test
    void aPemKeyAndCertificateSignWhatTheRegisteredCertificateVerifies() throws Exception {
        Credentials c = credentials();
        Path cert = Files.writeString(dir.resolve("c.pem"), c.certificatePem());
        Path key = Files.writeString(dir.resolve("k.pem"), c.privateKeyPem());
        ClientIdentity id = ClientIdentity.fromPem(cert, key);
        byte[] payload = "payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SignatureVerifier.verify(
                Pem.certificate("c", id.certificatePem()), payload, id.signer().sign(payload));
        assertThat(Pem.certificate("c", id.certificatePem()).sha256())
                .isEqualTo(Pem.certificate("c", c.certificatePem()).sha256());
    }

    @Test
    void aPkcs12FileGivesTheSameKeyAndCertificate() throws Exception {
        Credentials c = credentials();
        ClientIdentity pem = ClientIdentity.fromPem(
                Files.writeString(dir.resolve("c.pem"), c.certificatePem()),
                Files.writeString(dir.resolve("k.pem"), c.privateKeyPem()));
        char[] password = "pw".toCharArray();
        Path p12 = Pkcs12.writeKeyStore(
                new Issued(pem.chain().get(0), pem.key(), pem.chain()), dir.resolve("id.p12"), password);
        ClientIdentity fromP12 = ClientIdentity.fromPkcs12(p12, password);
        assertThat(fromP12.certificatePem()).isEqualTo(pem.certificatePem());
        byte[] payload = {1, 2, 3};
        SignatureVerifier.verify(
                Pem.certificate("c", c.certificatePem()),
                payload,
                fromP12.signer().sign(payload));
    }
}

package org.depa.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.testkit.Issued;
import org.depa.testkit.Pkcs12;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's gateway client without a gateway: identities, usage errors and an absent gateway. */
class ApiCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {}

    static Run depa(String... args) {
        StringWriter err = new StringWriter();
        int exit = ApiCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Run(exit, err.toString());
    }

    Credentials credentials() {
        Instant now = Instant.now();
        return SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "cli-test",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
    }

    @Nested
    class Identities {
        @Test
        void aPemKeyAndCertificateSignWhatTheRegisteredCertificateVerifies() throws Exception {
            Credentials c = credentials();
            Path cert = Files.writeString(dir.resolve("c.pem"), c.certificatePem());
            Path key = Files.writeString(dir.resolve("k.pem"), c.privateKeyPem());
            ClientIdentity id = ClientIdentity.fromPem(cert, key);
            byte[] payload = "payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignatureVerifier.verify(
                    Pem.certificate("c", id.certificatePem()),
                    payload,
                    id.signer().sign(payload));
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

        @Test
        void aWrongPkcs12PasswordIsAnInputError() throws Exception {
            Path p12 = dir.resolve("bad.p12");
            Files.write(p12, Base64.getDecoder().decode("MAA="));
            Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
            Run r = depa("contracts", "show", "x", "--ca", ca.toString(), "--p12", p12.toString());
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("cannot read PKCS#12");
        }
    }

    @Nested
    class ExitCodes {
        @Test
        void aMissingCaIsAUsageError() {
            Run r = depa("contracts", "show", "x", "--gateway", "https://127.0.0.1:1");
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("--ca");
        }

        @Test
        void contradictoryIdentityOptionsAreAUsageError() throws Exception {
            Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
            Run r = depa("contracts", "show", "x", "--ca", ca.toString(), "--p12", "a.p12", "--cert", "c.pem");
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
        }

        @Test
        void anUnknownOptionIsAUsageError() {
            assertThat(depa("contracts", "show", "x", "--no-such-option").exit())
                    .isEqualTo(ApiCommand.USAGE);
        }

        @Test
        void aGatewayNobodyListensOnIsUnreachable() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
            Run r = depa("contracts", "show", "x", "--gateway", "https://127.0.0.1:" + port, "--ca", ca.toString());
            assertThat(r.exit()).isEqualTo(ApiCommand.UNREACHABLE);
        }
    }
}

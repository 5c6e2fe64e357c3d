package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateLoaderTest {

    @Test
    void loadsASingleDerCertificate() throws Exception {
        List<X509Certificate> certs = CertificateLoader.parse(TestData.bytes(GenuineSnpFixtures.MILAN_VCEK));

        assertThat(certs).hasSize(1);
        assertThat(certs.get(0).getSubjectX500Principal().getName()).contains("CN=SEV-VCEK");
    }

    @Test
    void loadsAPemChainWithCommentsInFileOrder() throws Exception {
        List<X509Certificate> certs = CertificateLoader.parse(TestData.bytes(GenuineSnpFixtures.GENOA_VCEK_CHAIN));

        assertThat(certs)
                .extracting(c -> c.getSubjectX500Principal().getName())
                .satisfiesExactly(
                        vcek -> assertThat(vcek).contains("CN=SEV-VCEK"),
                        ask -> assertThat(ask).contains("CN=SEV-Genoa"),
                        ark -> assertThat(ark).contains("CN=ARK-Genoa"));
    }

    @Test
    void loadsConcatenatedDerCertificates(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        List<X509Certificate> askArk = TestData.certs("ask_ark_milan.pem");
        both.write(askArk.get(0).getEncoded());
        both.write(askArk.get(1).getEncoded());
        Path file = dir.resolve("chain.der");
        Files.write(file, both.toByteArray());

        List<X509Certificate> certs = CertificateLoader.load(file);

        assertThat(certs).containsExactlyElementsOf(askArk);
    }

    @Test
    void loadsEmulatedCertificatesAsPem() throws Exception {
        SnpEmulator e = Emulated.of(SnpProduct.MILAN);
        String pem = toPem(e.vcek()) + "\n" + toPem(e.ask());

        assertThat(CertificateLoader.parse(pem.getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(e.vcek(), e.ask());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a certificate",
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"
            })
    void refusesWhatIsNotACertificate(String content) {
        assertThatThrownBy(() -> CertificateLoader.parse(content.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void refusesTruncatedDer() {
        byte[] der = TestData.bytes(GenuineSnpFixtures.MILAN_VCEK);
        byte[] truncated = java.util.Arrays.copyOf(der, der.length - 1);

        assertThatThrownBy(() -> CertificateLoader.parse(truncated)).isInstanceOf(CertificateException.class);
    }

    @Test
    void parsesAnEmulatedCrl() throws Exception {
        SnpEmulator e = Emulated.of(SnpProduct.GENOA);
        var crl = e.crl(
                java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Instant.parse("2027-01-01T00:00:00Z"),
                List.of(java.math.BigInteger.TEN));

        assertThat(CertificateLoader.parseCrl(crl.getEncoded()).getRevokedCertificate(java.math.BigInteger.TEN))
                .isNotNull();
    }

    private static String toPem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}

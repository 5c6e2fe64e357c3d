package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final CertificateAuthority CA = CertificateAuthority.create("testkit CA");

    /** Validates {@code chain} (leaf first, without the root) against {@code root} now, as the JDK's PKIX does. */
    static void pkix(X509Certificate root, List<X509Certificate> chain) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(chain), parameters);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void aCaOfEveryKeyTypeIssuesEveryKeyTypeAndTheJdkValidatesTheChain(KeyType type) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CA " + type, type);
        Issued issued = ca.participant("participant " + type, type, Validity.current());

        pkix(ca.certificate(), List.of(issued.certificate()));
        assertThat(issued.chain()).containsExactly(issued.certificate(), ca.certificate());
        assertThat(issued.certificate().getIssuerX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(ca.certificate().getBasicConstraints()).isNotNegative();
        assertThat(issued.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void theIssuedPemParsesWithTheJdkAndWithBouncyCastleAndVerifiesUnderTheCaKey() throws Exception {
        Issued issued = CA.tlsClient("alice");
        String pem = issued.certificatePem();

        X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        jdk.verify(CA.certificate().getPublicKey());
        assertThat(jdk.getSubjectX500Principal().getName()).isEqualTo("CN=alice");

        X509CertificateHolder bc;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            bc = (X509CertificateHolder) parser.readObject();
        }
        assertThat(bc.getEncoded()).isEqualTo(jdk.getEncoded());
        assertThat(bc.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(new BouncyCastleProvider())
                        .build(new JcaX509CertificateHolder(CA.certificate()))))
                .isTrue();
        assertThat(bc.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(new BouncyCastleProvider())
                        .build(CertificateAuthority.create("other CA").certificate())))
                .as("another CA's key does not verify it")
                .isFalse();
    }

    @Test
    void aCertificateFromAnotherCaDoesNotChainToThisOne() {
        Issued foreign = CertificateAuthority.create("foreign CA").tlsClient("mallory");
        assertThatThrownBy(() -> pkix(CA.certificate(), List.of(foreign.certificate())))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void theExpiredCertificateIsExpiredAndTheJdkRefusesItsChain() {
        Issued expired = CA.expired("old");
        assertThat(expired.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
        assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> pkix(CA.certificate(), List.of(expired.certificate())))
                .isInstanceOf(CertPathValidatorException.class)
                .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void theNotYetValidCertificateIsNotYetValid() {
        Issued early = CA.notYetValid("early");
        assertThat(early.certificate().getNotBefore().toInstant()).isAfter(Instant.now());
        assertThatThrownBy(() -> early.certificate().checkValidity())
                .isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void aServerCertificateNamesItsAddressesAndHostsAndIsForServerAuthentication() throws Exception {
        X509Certificate server =
                CA.tlsServer("gateway", "127.0.0.1", "localhost").certificate();
        assertThat(server.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(CA.tlsClient("client").certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThatThrownBy(() -> CA.tlsServer("nameless")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSavedCaLoadsAndIssuesCertificatesThatChainToTheOriginal(@TempDir Path dir) throws Exception {
        CertificateAuthority p384 = CertificateAuthority.create("saved CA", KeyType.EC_P384);
        p384.save(dir, "ca");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");

        CertificateAuthority loaded = CertificateAuthority.load(dir, "ca");
        assertThat(loaded.certificate()).isEqualTo(p384.certificate());
        Issued issued = loaded.tlsClient("after-load");
        pkix(p384.certificate(), List.of(issued.certificate()));
        assertThat(issued.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
    }
}

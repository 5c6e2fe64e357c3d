package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client identity enrolled with an organisation's CA in cryptogen's layout, as the Fabric MSP expects it. */
class FabricEnrolmentTest {
    @TempDir
    Path dir;

    /** A cryptogen-style CA directory: ca.<domain>-cert.pem and priv_sk. */
    private CertificateAuthority cryptogenCa(Path caDir) throws Exception {
        Files.createDirectories(caDir);
        CertificateAuthority ca = CertificateAuthority.create("ca.provider.depa.local");
        ca.save(dir, "tmp-ca");
        Files.move(dir.resolve("tmp-ca.pem"), caDir.resolve("ca.provider.depa.local-cert.pem"));
        Files.move(dir.resolve("tmp-ca-key.pem"), caDir.resolve("priv_sk"));
        return ca;
    }

    @Test
    void issuesAClientOuCertificateSignedByTheOrganisationsCa() throws Exception {
        Path users = dir.resolve("crypto/peerOrganizations/provider.depa.local/users");
        Path caDir = FabricEnrolment.caDirectory(users);
        assertThat(caDir).isEqualTo(dir.resolve("crypto/peerOrganizations/provider.depa.local/ca"));
        CertificateAuthority ca = cryptogenCa(caDir);

        FabricEnrolment.Enrolled e = FabricEnrolment.enrol(caDir, "icmr", dir.resolve("clients/icmr"));
        X509Certificate cert = PemText.parseCertificate(e.certificatePem());
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .isEqualTo("CN=icmr,OU=client");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        byte[] aki = ASN1OctetString.getInstance(cert.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .getOctets();
        assertThat(AuthorityKeyIdentifier.getInstance(aki).getKeyIdentifier()).isNotEmpty();
        // The key belongs to the certificate, and only the owner may read it.
        assertThat(PemText.parsePrivateKey(Files.readString(e.privateKey())).getAlgorithm())
                .isIn("EC", "ECDSA");
        assertThat(Files.getPosixFilePermissions(e.privateKey()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void eachPartyGetsItsOwnKeyAndKeepsIt() throws Exception {
        Path caDir = dir.resolve("ca");
        cryptogenCa(caDir);
        FabricEnrolment.Enrolled a = FabricEnrolment.enrol(caDir, "icmr", dir.resolve("icmr"));
        FabricEnrolment.Enrolled b = FabricEnrolment.enrol(caDir, "cowin", dir.resolve("cowin"));
        X509Certificate ca = PemText.parseCertificate(a.certificatePem());
        X509Certificate cb = PemText.parseCertificate(b.certificatePem());
        assertThat(ca.getPublicKey()).isNotEqualTo(cb.getPublicKey());
        String before = a.certificatePem();
        assertThat(FabricEnrolment.enrol(caDir, "icmr", dir.resolve("icmr")).certificatePem())
                .isEqualTo(before);
    }

    @Test
    void aCertificateIsNeverDatedBeforeOrAfterItsCa() throws Exception {
        // Fabric checks the chain at the certificate's notBefore: one back-dated before a CA made
        // minutes ago is "creator is malformed" (seen on a fresh network).
        X509Certificate caCert = CertificateAuthority.create("ca.fresh").certificate();
        java.time.Instant caFrom = caCert.getNotBefore().toInstant();
        java.time.Instant caTo = caCert.getNotAfter().toInstant();
        Validity clipped = FabricEnrolment.within(
                caCert, Validity.of(caFrom.minus(java.time.Duration.ofDays(1)), caTo.plusSeconds(60)));
        assertThat(clipped.notBefore()).isEqualTo(caFrom);
        assertThat(clipped.notAfter()).isEqualTo(caTo);
        Validity inside = Validity.of(caFrom.plusSeconds(60), caTo.minusSeconds(60));
        assertThat(FabricEnrolment.within(caCert, inside)).isEqualTo(inside);

        Path caDir = dir.resolve("ca");
        cryptogenCa(caDir);
        X509Certificate issued = PemText.parseCertificate(
                FabricEnrolment.enrol(caDir, "icmr", dir.resolve("icmr")).certificatePem());
        X509Certificate ca =
                PemText.parseCertificate(Files.readString(caDir.resolve("ca.provider.depa.local-cert.pem")));
        assertThat(issued.getNotBefore()).isAfterOrEqualTo(ca.getNotBefore());
        assertThat(issued.getNotAfter()).isBeforeOrEqualTo(ca.getNotAfter());
    }

    @Test
    void anEnrolmentLeftFromAnotherCaIsReplaced() throws Exception {
        Path oldCa = dir.resolve("old-ca");
        cryptogenCa(oldCa);
        String stale = FabricEnrolment.enrol(oldCa, "icmr", dir.resolve("icmr")).certificatePem();
        Path newCa = dir.resolve("new-ca");
        CertificateAuthority current = cryptogenCa(newCa);
        FabricEnrolment.Enrolled again = FabricEnrolment.enrol(newCa, "icmr", dir.resolve("icmr"));
        assertThat(again.certificatePem()).isNotEqualTo(stale);
        PemText.parseCertificate(again.certificatePem())
                .verify(current.certificate().getPublicKey());
    }

    @Test
    void aMissingCaDirectoryIsNamed() {
        assertThatThrownBy(() -> FabricEnrolment.enrol(dir.resolve("nowhere"), "icmr", dir.resolve("icmr")))
                .hasMessageContaining("nowhere")
                .hasMessageContaining("network.sh up");
    }
}

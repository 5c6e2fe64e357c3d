package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.Signature;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12Test {
    private static final CertificateAuthority CA = CertificateAuthority.create("PKCS#12 CA");

    @TempDir
    Path dir;

    @Test
    void aKeyStoreRoundTripGivesTheSameKeyAndChainAndTheKeyStillSignsForTheCertificate() throws Exception {
        Issued issued = CA.tlsClient("round-trip");
        Path file = Pkcs12.writeKeyStore(issued, dir.resolve("id.p12"), Pkcs12.testPassword());

        Issued back = Pkcs12.readKeyStore(file, Pkcs12.testPassword());
        assertThat(back.chain()).containsExactly(issued.certificate(), CA.certificate());
        assertThat(back.privateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
        assertThat(back.privateKeyPem()).isEqualTo(issued.privateKeyPem());

        byte[] payload = "signed after the round trip".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(back.privateKey());
        signer.update(payload);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(issued.certificate());
        verifier.update(payload);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void aKeyStoreIsReadableByItsOwnerOnlyAndRefusesAWrongPassword() throws Exception {
        Path file = Pkcs12.writeKeyStore(CA.participant("owner"), dir.resolve("owner.p12"), Pkcs12.testPassword());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> Pkcs12.load(file, "wrong".toCharArray())).hasMessageContaining(file.toString());
    }

    @Test
    void aTrustStoreHoldsTheCaCertificateAsTrustedAndNoKey() throws Exception {
        Path file = CA.writeTrustStore(dir.resolve("trust.p12"), Pkcs12.testPassword());
        KeyStore store = Pkcs12.load(file, Pkcs12.testPassword());
        List<String> aliases = Collections.list(store.aliases());
        assertThat(aliases).hasSize(1);
        assertThat(store.isCertificateEntry(aliases.get(0))).isTrue();
        assertThat(store.getCertificate(aliases.get(0))).isEqualTo(CA.certificate());
        assertThatThrownBy(() -> Pkcs12.readKeyStore(file, Pkcs12.testPassword()))
                .hasMessageContaining("no key entry");
    }

    @Test
    void theTestPasswordIsAFreshCopyEachTime() {
        char[] first = Pkcs12.testPassword();
        java.util.Arrays.fill(first, '\0');
        assertThat(Pkcs12.testPassword()).isEqualTo("test-only".toCharArray());
    }
}

package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SelfSignedTest {
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(30));

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void credentialsOfEachLedgerAlgorithmSignWhatTheLedgerVerifiesUnderTheirCertificate(SignatureAlgorithm algorithm)
            throws Exception {
        Credentials c = SelfSigned.credentials(algorithm, "signer", FROM, TO);
        PublicKeyInfo certificate = Pem.certificate("certificate", c.certificatePem());
        assertThat(certificate.algorithm()).isEqualTo(algorithm);
        assertThat(certificate.notBefore()).isEqualTo(FROM);
        assertThat(certificate.notAfter()).isEqualTo(TO);

        byte[] payload = "what a participant signs".getBytes(StandardCharsets.UTF_8);
        byte[] signature = LocalSigner.fromPem(c.privateKeyPem()).sign(payload);
        SignatureVerifier.verify(certificate, payload, signature);
        SignatureVerifier.verify(Pem.publicKey("key", c.publicKeyPem()), payload, signature);
        payload[0] ^= 1;
        assertThatThrownBy(() -> SignatureVerifier.verify(certificate, payload, signature))
                .isInstanceOf(LedgerRuleException.class);
        PemText.parseCertificate(c.certificatePem())
                .verify(PemText.parseCertificate(c.certificatePem()).getPublicKey());
    }

    @Test
    void aP521CertificateAndKeyAreTheKindTheLedgerRefuses() {
        Issued p521 = SelfSigned.certificate("refused", KeyType.EC_P521, Validity.of(FROM, TO));
        assertThat(p521.certificate().getSigAlgName()).isEqualTo("SHA512withECDSA");
        assertThatThrownBy(() -> Pem.certificate("certificate", p521.certificatePem()))
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY));
        assertThatThrownBy(() -> Pem.publicKey("key", SelfSigned.publicKeyPem(KeyType.EC_P521)))
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY));
    }

    @Test
    void aMemoHandsOutTheSameCredentialsForTheSameRequestAndFreshOnesOtherwise() {
        CredentialSource memo = CredentialSource.memo();
        Credentials first = memo.generate(SignatureAlgorithm.ECDSA_P256_SHA256, "a", FROM, TO);
        assertThat(memo.generate(SignatureAlgorithm.ECDSA_P256_SHA256, "a", FROM, TO))
                .isSameAs(first);
        assertThat(memo.generate(SignatureAlgorithm.ECDSA_P256_SHA256, "b", FROM, TO)
                        .certificatePem())
                .isNotEqualTo(first.certificatePem());
        assertThat(CredentialSource.memo()
                        .generate(SignatureAlgorithm.ECDSA_P256_SHA256, "a", FROM, TO)
                        .certificatePem())
                .as("another memo makes its own")
                .isNotEqualTo(first.certificatePem());

        CredentialSource fresh = CredentialSource.fresh();
        assertThat(fresh.generate(SignatureAlgorithm.ED25519, "a", FROM, TO).privateKeyPem())
                .isNotEqualTo(fresh.generate(SignatureAlgorithm.ED25519, "a", FROM, TO)
                        .privateKeyPem());
    }
}

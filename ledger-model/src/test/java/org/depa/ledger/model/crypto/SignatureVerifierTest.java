package org.depa.ledger.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final byte[] PAYLOAD = "{\"purpose\":\"test\"}".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger P256_N = NISTNamedCurves.getByName("P-256").getN();
    private static final BigInteger P384_N = NISTNamedCurves.getByName("P-384").getN();
    private static final java.util.Map<SignatureAlgorithm, Credentials> KEYS =
            new java.util.EnumMap<>(SignatureAlgorithm.class);

    @BeforeAll
    static void keys() {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            KEYS.put(a, Credentials.generate(a, "signer", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))));
        }
    }

    private static PublicKeyInfo key(SignatureAlgorithm a) {
        return Pem.certificate("certificatePem", KEYS.get(a).certificatePem());
    }

    private static byte[] sign(SignatureAlgorithm a, byte[] payload) {
        return LocalSigner.fromPem(KEYS.get(a).privateKeyPem()).sign(payload);
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(e.code())
                .as(e.getMessage())
                .isEqualTo(code));
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger[] rs(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        return new BigInteger[] {
            ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
            ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
        };
    }

    @Nested
    class ValidSignatures {
        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void verifyWithTheMatchingKey(SignatureAlgorithm a) {
            assertThatCode(() -> SignatureVerifier.verify(key(a), PAYLOAD, sign(a, PAYLOAD)))
                    .doesNotThrowAnyException();
            assertThat(key(a).algorithm()).isEqualTo(a);
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void localSignerIsDeterministic(SignatureAlgorithm a) {
            assertThat(sign(a, PAYLOAD)).isEqualTo(sign(a, PAYLOAD));
            assertThat(sign(a, PAYLOAD)).isNotEqualTo(sign(a, "other".getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void localSignerAlwaysEmitsLowS() {
            for (int i = 0; i < 64; i++) {
                byte[] payload = ("payload " + i).getBytes(StandardCharsets.UTF_8);
                assertThat(rs(sign(SignatureAlgorithm.ECDSA_P256_SHA256, payload))[1])
                        .isLessThanOrEqualTo(P256_N.shiftRight(1));
                assertThat(rs(sign(SignatureAlgorithm.ECDSA_P384_SHA384, payload))[1])
                        .isLessThanOrEqualTo(P384_N.shiftRight(1));
            }
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void aChangedPayloadOrAnotherKeyDoesNotVerify(SignatureAlgorithm a) {
            byte[] sig = sign(a, PAYLOAD);
            byte[] changed = PAYLOAD.clone();
            changed[changed.length - 2] ^= 1;
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(key(a), changed, sig));
            Credentials other =
                    Credentials.generate(a, "other", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(Pem.certificate("c", other.certificatePem()), PAYLOAD, sig));
        }

        @Test
        void aSignatureOfOneAlgorithmDoesNotVerifyUnderAnother() {
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(
                            key(SignatureAlgorithm.ECDSA_P384_SHA384),
                            PAYLOAD,
                            sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD)));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(
                            key(SignatureAlgorithm.ED25519),
                            PAYLOAD,
                            sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD)));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(
                            key(SignatureAlgorithm.ECDSA_P256_SHA256),
                            PAYLOAD,
                            sign(SignatureAlgorithm.ED25519, PAYLOAD)));
        }

        @Test
        void highSIsMalleableForBothCurves() {
            BigInteger[] p256 = rs(sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD));
            refused(
                    ErrorCode.MALLEABLE_SIGNATURE,
                    () -> SignatureVerifier.verify(
                            key(SignatureAlgorithm.ECDSA_P256_SHA256),
                            PAYLOAD,
                            der(p256[0], P256_N.subtract(p256[1]))));
            BigInteger[] p384 = rs(sign(SignatureAlgorithm.ECDSA_P384_SHA384, PAYLOAD));
            refused(
                    ErrorCode.MALLEABLE_SIGNATURE,
                    () -> SignatureVerifier.verify(
                            key(SignatureAlgorithm.ECDSA_P384_SHA384),
                            PAYLOAD,
                            der(p384[0], P384_N.subtract(p384[1]))));
        }

        @Test
        void outOfRangeRAndSAreRefused() {
            PublicKeyInfo k = key(SignatureAlgorithm.ECDSA_P256_SHA256);
            BigInteger[] v = rs(sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(k, PAYLOAD, der(BigInteger.ZERO, v[1])));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(k, PAYLOAD, der(v[0], BigInteger.ZERO)));
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(k, PAYLOAD, der(v[0].add(P256_N), v[1])));
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, der(v[0], P256_N)));
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, der(v[0].negate(), v[1])));
        }

        @Test
        void nonCanonicalDerEncodingsAreRefused() {
            PublicKeyInfo k = key(SignatureAlgorithm.ECDSA_P256_SHA256);
            byte[] der = sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD);

            byte[] longForm = new byte[der.length + 1];
            longForm[0] = 0x30;
            longForm[1] = (byte) 0x81;
            System.arraycopy(der, 1, longForm, 2, der.length - 1);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, longForm));

            byte[] paddedR = new byte[der.length + 1];
            paddedR[0] = 0x30;
            paddedR[1] = (byte) (der[1] + 1);
            paddedR[2] = 0x02;
            paddedR[3] = (byte) (der[3] + 1);
            System.arraycopy(der, 4, paddedR, 5, der.length - 4);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, paddedR));

            byte[] trailing = Arrays.copyOf(der, der.length + 2);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, trailing));

            byte[] indefinite = new byte[der.length + 2];
            indefinite[0] = 0x30;
            indefinite[1] = (byte) 0x80;
            System.arraycopy(der, 2, indefinite, 2, der.length - 2);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, indefinite));

            byte[] raw = new byte[64];
            byte[] r = rs(der)[0].toByteArray();
            System.arraycopy(r, Math.max(0, r.length - 32), raw, Math.max(0, 32 - r.length), Math.min(32, r.length));
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, raw));
        }

        @Test
        void impossibleLengthsAreRefused() {
            PublicKeyInfo k = key(SignatureAlgorithm.ECDSA_P256_SHA256);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, new byte[7]));
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(k, PAYLOAD, new byte[141]));
            PublicKeyInfo ed = key(SignatureAlgorithm.ED25519);
            byte[] sig = sign(SignatureAlgorithm.ED25519, PAYLOAD);
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(ed, PAYLOAD, Arrays.copyOf(sig, 63)));
            refused(ErrorCode.INVALID_SIGNATURE, () -> SignatureVerifier.verify(ed, PAYLOAD, Arrays.copyOf(sig, 65)));
        }

        @Test
        void ed25519WithSPlusLIsRefused() {
            BigInteger l = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
            byte[] sig = sign(SignatureAlgorithm.ED25519, PAYLOAD);
            byte[] sLittle = Arrays.copyOfRange(sig, 32, 64);
            byte[] sBig = new byte[32];
            for (int i = 0; i < 32; i++) {
                sBig[i] = sLittle[31 - i];
            }
            byte[] bumped = new BigInteger(1, sBig).add(l).toByteArray();
            byte[] out = sig.clone();
            for (int i = 0; i < 32; i++) {
                int from = bumped.length - 1 - i;
                out[32 + i] = from >= 0 ? bumped[from] : 0;
            }
            assertThat(out).isNotEqualTo(sig);
            refused(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> SignatureVerifier.verify(key(SignatureAlgorithm.ED25519), PAYLOAD, out));
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void noMutationOfAValidSignatureVerifiesAndNothingButARuleRefusalEscapes(SignatureAlgorithm a) {
            PublicKeyInfo k = key(a);
            byte[] sig = sign(a, PAYLOAD);
            Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                byte[] mutated = sig.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
                }
                Throwable t = catchThrowable(() -> SignatureVerifier.verify(k, PAYLOAD, mutated));
                assertThat(t).as("mutation %d", i).isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(
                                e.code())
                        .isIn(ErrorCode.INVALID_SIGNATURE, ErrorCode.MALLEABLE_SIGNATURE));
            }
            for (int i = 0; i < 100; i++) {
                byte[] garbage = new byte[random.nextInt(150)];
                random.nextBytes(garbage);
                Throwable t = catchThrowable(() -> SignatureVerifier.verify(k, PAYLOAD, garbage));
                assertThat(t).isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(e.code())
                        .isIn(ErrorCode.INVALID_SIGNATURE, ErrorCode.MALLEABLE_SIGNATURE));
            }
        }
    }

    @Nested
    class Keys {
        @Test
        void certificatesCarryTheirValidityAndBareKeysAreAlwaysValid() {
            PublicKeyInfo cert = key(SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(cert.validAt(NOW)).isTrue();
            assertThat(cert.validAt(NOW.plus(Duration.ofDays(2)))).isFalse();
            assertThat(cert.validAt(NOW.minus(Duration.ofDays(2)))).isFalse();
            PublicKeyInfo bare = Pem.publicKey(
                    "k", KEYS.get(SignatureAlgorithm.ECDSA_P256_SHA256).publicKeyPem());
            assertThat(bare.validAt(Instant.EPOCH)).isTrue();
            assertThatCode(() -> SignatureVerifier.verify(
                            bare, PAYLOAD, sign(SignatureAlgorithm.ECDSA_P256_SHA256, PAYLOAD)))
                    .doesNotThrowAnyException();
        }

        @Test
        void pemParsingRefusesTheWrongKindOfObject() {
            Credentials c = KEYS.get(SignatureAlgorithm.ECDSA_P256_SHA256);
            refused(ErrorCode.INVALID_CERTIFICATE, () -> Pem.certificate("f", c.publicKeyPem()));
            refused(ErrorCode.UNSUPPORTED_KEY, () -> Pem.publicKey("f", c.certificatePem()));
            refused(ErrorCode.INVALID_ARGUMENT, () -> Pem.certificate("f", " "));
            refused(ErrorCode.INVALID_CERTIFICATE, () -> Pem.certificate("f", "no pem here"));
            refused(ErrorCode.INVALID_CERTIFICATE, () -> Pem.certificate("f", c.certificatePem() + c.certificatePem()));
            refused(ErrorCode.INVALID_CERTIFICATE, () -> Pem.certificate("f", "x".repeat(17_000)));
        }
    }
}

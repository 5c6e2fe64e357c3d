package org.depa.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.util.Base64URL;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseJweTest {
    private static final EphemeralKey EC = EphemeralKey.generate();
    private static final EphemeralKey RSA = EphemeralKey.generateRsa();
    private static final ReleaseClaims CLAIMS = new ReleaseClaims("icmr-data", "run-1", "icmr-data-key");

    private static byte[] datasetKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private static EphemeralKey key(String kind) {
        return kind.equals("EC") ? EC : RSA;
    }

    @Nested
    class Open {
        @ParameterizedTest
        @ValueSource(strings = {"EC", "RSA"})
        void yieldsTheDatasetKeyAsTheContentKey(String kind) throws Exception {
            byte[] datasetKey = datasetKey();
            String jwe = ReleaseJwe.seal(key(kind).publicJwk(), new SecretKeySpec(datasetKey, "AES"), CLAIMS);

            ReleaseJwe.Opened opened = ReleaseJwe.open(jwe, key(kind), "icmr-data", "run-1");

            assertThat(opened.datasetKey()).isEqualTo(datasetKey);
            assertThat(opened.claims()).isEqualTo(CLAIMS);
            JWEObject parsed = JWEObject.parse(jwe);
            assertThat(parsed.getHeader().getAlgorithm().getName())
                    .isEqualTo(kind.equals("EC") ? "ECDH-ES+A256KW" : "RSA-OAEP-256");
            assertThat(parsed.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
        }

        @ParameterizedTest
        @ValueSource(strings = {"EC", "RSA"})
        void refusesAnotherRecipientsKey(String kind) throws Exception {
            String jwe = ReleaseJwe.seal(key(kind).publicJwk(), new SecretKeySpec(datasetKey(), "AES"), CLAIMS);
            EphemeralKey other = kind.equals("EC") ? EphemeralKey.generate() : EphemeralKey.generateRsa();

            assertThatThrownBy(() -> ReleaseJwe.open(jwe, other, "icmr-data", "run-1"))
                    .isInstanceOf(KeyUnwrapException.class);
        }

        @Test
        void refusesAnAlgorithmThatDoesNotFitTheKey() throws Exception {
            String jwe = ReleaseJwe.seal(RSA.publicJwk(), new SecretKeySpec(datasetKey(), "AES"), CLAIMS);

            assertThatThrownBy(() -> ReleaseJwe.open(jwe, EC, "icmr-data", "run-1"))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("alg");
        }

        @Test
        void refusesAnotherDatasetOrRun() throws Exception {
            String jwe = ReleaseJwe.seal(EC.publicJwk(), new SecretKeySpec(datasetKey(), "AES"), CLAIMS);

            assertThatThrownBy(() -> ReleaseJwe.open(jwe, EC, "cowin-data", "run-1"))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("cowin-data");
            assertThatThrownBy(() -> ReleaseJwe.open(jwe, EC, "icmr-data", "run-2"))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("run-2");
        }

        @Test
        void refusesAnEditedProtectedHeader() throws Exception {
            String jwe = ReleaseJwe.seal(EC.publicJwk(), new SecretKeySpec(datasetKey(), "AES"), CLAIMS);
            String[] parts = jwe.split("\\.");
            String header = Base64URL.from(parts[0]).decodeToString().replace("\"run-1\"", "\"run-2\"");
            parts[0] = Base64URL.encode(header).toString();
            String edited = String.join(".", parts);

            // The header now names run-2, but GCM authenticates the original header.
            assertThatThrownBy(() -> ReleaseJwe.open(edited, EC, "icmr-data", "run-2"))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("decrypt");
        }

        @Test
        void refusesPayloadClaimsThatDifferFromTheHeader() throws Exception {
            // A JWE whose header says icmr-data but whose payload says otherwise, sealed properly.
            JWEObject jwe = new JWEObject(
                    ReleaseJwe.header(com.nimbusds.jose.JWEAlgorithm.ECDH_ES_A256KW, CLAIMS),
                    new com.nimbusds.jose.Payload(
                            ReleaseJwe.payload(new ReleaseClaims("cowin-data", "run-1", "icmr-data-key"))));
            jwe.encrypt(new com.nimbusds.jose.crypto.ECDHEncrypter(
                    ((com.nimbusds.jose.jwk.ECKey) EC.publicJwk()).toECPublicKey(),
                    new SecretKeySpec(datasetKey(), "AES")));

            assertThatThrownBy(() -> ReleaseJwe.open(jwe.serialize(), EC, "icmr-data", "run-1"))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("differ");
        }

        @Test
        void refusesGarbage() {
            assertThatThrownBy(() -> ReleaseJwe.open("not.a.jwe", EC, "icmr-data", "run-1"))
                    .isInstanceOf(KeyUnwrapException.class);
        }
    }

    @Nested
    class RecipientKeyRules {
        @Test
        void refusesAPrivateJwk() {
            Map<String, Object> priv = EC.privateJwk().toJSONObject();

            assertThatThrownBy(() -> RecipientKeys.parsePublic(priv))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("private");
        }

        @Test
        void refusesAPointOffTheCurve() {
            Map<String, Object> jwk = new java.util.HashMap<>(EC.publicJwk().toJSONObject());
            jwk.put("y", jwk.get("x"));

            assertThatThrownBy(() -> RecipientKeys.parsePublic(jwk)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesAnOctetKey() {
            assertThatThrownBy(() -> RecipientKeys.parsePublic(Map.of("kty", "oct", "k", "AAAA")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void acceptsPublicEcAndRsa() {
            assertThat(RecipientKeys.parsePublic(EC.publicJwk().toJSONObject())).isEqualTo(EC.publicJwk());
            assertThat(RecipientKeys.parsePublic(RSA.publicJwk().toJSONObject()))
                    .isEqualTo(RSA.publicJwk());
        }
    }
}

package org.depa.kms.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseJwe;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustodyTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    static String keyId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "k-" + HexFormat.of().formatHex(b);
    }

    /** What both kinds of store must do. */
    static void sealsWhatTheClientOpens(DatasetKeyStore store) throws Exception {
        String id = keyId();
        byte[] key = key();
        store.importKey(id, key);
        EphemeralKey recipient = EphemeralKey.generate();
        ReleaseClaims claims = new ReleaseClaims("icmr-data", "run-1", id);

        String jwe = store.seal(id, recipient.publicJwk(), claims);

        ReleaseJwe.Opened opened = ReleaseJwe.open(jwe, recipient, "icmr-data", "run-1");
        assertThat(opened.datasetKey()).isEqualTo(key);
        assertThat(opened.claims()).isEqualTo(claims);
        assertThat(store.contains(id)).isTrue();
        assertThat(store.contains(keyId())).isFalse();
        assertThatThrownBy(() -> store.importKey(id, key())).isInstanceOf(KeyCustodyException.class);
        assertThatThrownBy(() -> store.importKey(keyId(), new byte[16])).isInstanceOf(KeyCustodyException.class);
        assertThatThrownBy(() -> store.seal(keyId(), recipient.publicJwk(), claims))
                .isInstanceOf(KeyCustodyException.class);
    }

    @Nested
    class Pkcs12 {
        @TempDir
        Path dir;

        @Test
        void sealsAndPersists() throws Exception {
            Path file = dir.resolve("keys.p12");
            try (DatasetKeyStore store = DatasetKeyStore.pkcs12(file, "pw".toCharArray())) {
                sealsWhatTheClientOpens(store);
                store.importKey("kept", key());
            }
            try (DatasetKeyStore reopened = DatasetKeyStore.pkcs12(file, "pw".toCharArray())) {
                assertThat(reopened.contains("kept")).isTrue();
            }
            assertThatThrownBy(() -> DatasetKeyStore.pkcs12(file, "wrong".toCharArray()))
                    .isInstanceOf(KeyCustodyException.class);
        }

        @Test
        void sealsToRsaRecipientsToo() throws Exception {
            try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("k.p12"), "pw".toCharArray())) {
                byte[] key = key();
                store.importKey("rsa-case", key);
                EphemeralKey rsa = EphemeralKey.generateRsa();

                String jwe = store.seal("rsa-case", rsa.publicJwk(), new ReleaseClaims("d", "r", "rsa-case"));

                assertThat(ReleaseJwe.open(jwe, rsa, "d", "r").datasetKey()).isEqualTo(key);
            }
        }
    }

    /**
     * On the SoftHSM2 token that scripts/softhsm.sh initialises. Skipped, saying why, where the library or the
     * token is missing.
     */
    @Nested
    class Pkcs11 {
        private final Path dir = Path.of(System.getProperty("depa.softhsm.dir", "../var/softhsm"));

        private DatasetKeyStore open(String configName) throws Exception {
            Path config = dir.resolve(configName);
            assumeTrue(
                    Files.isRegularFile(config) && System.getenv("SOFTHSM2_CONF") != null,
                    "SoftHSM2 token not initialised (" + config.toAbsolutePath()
                            + " missing or SOFTHSM2_CONF unset): run scripts/softhsm.sh; PKCS#11 tests skipped");
            String lib = Files.readAllLines(config).stream()
                    .filter(l -> l.startsWith("library"))
                    .map(l -> l.substring(l.indexOf('=') + 1).strip())
                    .findFirst()
                    .orElse("");
            assumeTrue(
                    Files.isRegularFile(Path.of(lib)), "SoftHSM2 library " + lib + " missing; PKCS#11 tests skipped");
            char[] pin =
                    Files.readString(dir.resolve("pin"), StandardCharsets.UTF_8).toCharArray();
            return DatasetKeyStore.pkcs11(config, pin);
        }

        @Test
        void theTokenKeepsKeysThatSealWhatTheClientOpens() throws Exception {
            try (DatasetKeyStore store = open("sunpkcs11.cfg")) {
                sealsWhatTheClientOpens(store);
            }
        }

        @Test
        void aSensitiveKeyIsWrappedOnTheTokenOrNotAtAll() throws Exception {
            try (DatasetKeyStore store = open("sunpkcs11-sensitive.cfg")) {
                Pkcs11DatasetKeyStore token = (Pkcs11DatasetKeyStore) store;
                String id = keyId();
                byte[] key = key();
                store.importKey(id, key);
                EphemeralKey recipient = EphemeralKey.generate();
                ReleaseClaims claims = new ReleaseClaims("d", "r", id);

                assertThat(token.tokenKey(id).getEncoded())
                        .as("a sensitive token key has no clear encoding")
                        .isNull();
                if (token.tokenWraps()) {
                    String jwe = store.seal(id, recipient.publicJwk(), claims);
                    assertThat(ReleaseJwe.open(jwe, recipient, "d", "r").datasetKey())
                            .isEqualTo(key);
                } else {
                    assertThatThrownBy(() -> store.seal(id, recipient.publicJwk(), claims))
                            .isInstanceOf(KeyCustodyException.class)
                            .hasMessageContaining("refusing rather than extracting");
                }
            }
        }
    }
}

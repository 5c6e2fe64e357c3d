package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.depa.kms.custody.DatasetKeyStore;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge that cannot open its key store fails at start with the reason (BridgeProducers opens the store in its
 * StartupEvent observer), instead of reporting healthy and answering every request with 500: no password, a wrong
 * password, a missing file, an unknown kind.
 */
class KeyStoreAtStartTest {
    @TempDir
    Path dir;

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }

    private Map<String, String> pkcs12(String password) throws Exception {
        Path file = dir.resolve("keys.p12");
        if (!file.toFile().exists()) {
            try (DatasetKeyStore store = DatasetKeyStore.pkcs12(file, "right".toCharArray())) {
                store.importKey("k", new byte[32]);
            }
        }
        Map<String, String> m = new HashMap<>();
        m.put("depa.kms.keystore.kind", "pkcs12");
        m.put("depa.kms.keystore.path", file.toString());
        if (password != null) {
            m.put("depa.kms.keystore.password", password);
        }
        return m;
    }

    @Test
    void noPasswordFailsNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> BridgeProducers.openKeyStore(config(pkcs12(null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DEPA_KMS_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> BridgeProducers.openKeyStore(config(pkcs12(""))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("depa.kms.keystore.password is not set");
    }

    @Test
    void aWrongPasswordFailsSayingSo() throws Exception {
        assertThatThrownBy(() -> BridgeProducers.openKeyStore(config(pkcs12("wrong"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot open its key store")
                .hasMessageContaining("password");
    }

    @Test
    void aMissingFileFailsNamingIt() throws Exception {
        Map<String, String> m = pkcs12("right");
        m.put("depa.kms.keystore.path", dir.resolve("absent.p12").toString());
        assertThatThrownBy(() -> BridgeProducers.openKeyStore(config(m)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absent.p12")
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownKindFails() throws Exception {
        Map<String, String> m = pkcs12("right");
        m.put("depa.kms.keystore.kind", "jks");
        assertThatThrownBy(() -> BridgeProducers.openKeyStore(config(m)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pkcs12 or pkcs11");
    }

    @Test
    void theRightSettingsOpen() throws Exception {
        try (DatasetKeyStore store = BridgeProducers.openKeyStore(config(pkcs12("right")))) {
            assertThat(store.contains("k")).isTrue();
        }
    }
}

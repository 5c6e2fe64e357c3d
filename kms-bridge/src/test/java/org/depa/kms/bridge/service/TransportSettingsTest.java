package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed at start: a bridge that must serve TLS (the packaged bridge's default) and lacks any piece of it does
 * not start, and the reason names the setting. And the party setting's new and deprecated names.
 */
class TransportSettingsTest {
    @TempDir
    Path dir;

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }

    private Map<String, String> complete() throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put(TransportSettings.INSECURE, "disabled");
        m.put(TransportSettings.CLIENT_AUTH, "request");
        for (String k : new String[] {
            TransportSettings.CERT, TransportSettings.KEY, TransportSettings.TRUST, OwnerGate.OWNER, OwnerGate.CA
        }) {
            m.put(k, Files.writeString(dir.resolve(k + ".pem"), "x").toString());
        }
        return m;
    }

    @Test
    void completeSettingsStartAndRequiredIsTheDefault() throws Exception {
        assertThat(TransportSettings.problem(config(complete()))).isEmpty();
        assertThat(TransportSettings.problem(config(Map.of()))).isPresent();
    }

    @Test
    void eachMissingPieceIsNamed() throws Exception {
        for (String k : new String[] {
            TransportSettings.CERT, TransportSettings.KEY, TransportSettings.TRUST, OwnerGate.OWNER, OwnerGate.CA
        }) {
            Map<String, String> m = complete();
            m.remove(k);
            assertThat(TransportSettings.problem(config(m)))
                    .hasValueSatisfying(p -> assertThat(p).startsWith(k + " is not set"));
            m.put(k, dir.resolve("absent.pem").toString());
            assertThat(TransportSettings.problem(config(m)))
                    .hasValueSatisfying(p ->
                            assertThat(p).contains(k).contains("absent.pem").contains("not a readable file"));
        }
    }

    @Test
    void aPlainListenerOrNoClientAuthIsRefused() throws Exception {
        Map<String, String> m = complete();
        m.put(TransportSettings.INSECURE, "enabled");
        assertThat(TransportSettings.problem(config(m)))
                .hasValueSatisfying(p -> assertThat(p).startsWith(TransportSettings.INSECURE));
        m.remove(TransportSettings.INSECURE);
        assertThat(TransportSettings.problem(config(m))).isPresent();
        m = complete();
        m.put(TransportSettings.CLIENT_AUTH, "none");
        assertThat(TransportSettings.problem(config(m)))
                .hasValueSatisfying(p -> assertThat(p).startsWith(TransportSettings.CLIENT_AUTH));
    }

    @Test
    void requirementOffIsThePlainQuickStart() {
        assertThat(TransportSettings.problem(config(Map.of(TransportSettings.REQUIRED, "false"))))
                .isEmpty();
    }

    @Test
    void thePartyIdAndItsDeprecatedName() {
        Logger log = Logger.getAnonymousLogger();
        StringBuilder warnings = new StringBuilder();
        log.setUseParentHandlers(false);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        assertThat(PartySetting.resolve(config(Map.of(PartySetting.NAME, "ai-lab")), log))
                .isEqualTo("ai-lab");
        assertThat(warnings).isEmpty();
        assertThat(PartySetting.resolve(config(Map.of(PartySetting.OLD, "icmr")), log))
                .isEqualTo("icmr");
        assertThat(warnings.toString())
                .contains("depa.kms.tdp-id is deprecated")
                .contains("depa.kms.party-id");
        assertThat(PartySetting.resolve(config(Map.of(PartySetting.NAME, "icmr", PartySetting.OLD, "icmr")), log))
                .isEqualTo("icmr");
        assertThatThrownBy(() ->
                        PartySetting.resolve(config(Map.of(PartySetting.NAME, "icmr", PartySetting.OLD, "cowin")), log))
                .hasMessageContaining("remove depa.kms.tdp-id");
        assertThatThrownBy(() -> PartySetting.resolve(config(Map.of()), log))
                .hasMessageContaining("depa.kms.party-id is not set");
    }
}

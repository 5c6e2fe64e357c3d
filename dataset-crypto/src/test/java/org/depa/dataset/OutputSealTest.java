package org.depa.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputSealTest {
    private static final Map<String, String> LABELS =
            Map.of("jobId", "job-1", "runId", "job-1-c1", "contractId", "c1", "name", "model");
    private static final byte[] MODEL = "the trained model".getBytes(StandardCharsets.UTF_8);

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void opensWithTheOutputKeyAndKeepsTheLabels(String curve) throws Exception {
        KeyPair k = ec(curve);
        byte[] sealed = OutputSeal.seal(MODEL, k.getPublic(), LABELS);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("the trained model");
        OutputSeal.Opened o = OutputSeal.open(sealed, (ECPrivateKey) k.getPrivate());
        assertThat(o.content()).isEqualTo(MODEL);
        assertThat(o.labels()).containsAllEntriesOf(LABELS).containsEntry("format", "depa-output-v1");
        assertThat(OutputSeal.seal(MODEL, k.getPublic(), LABELS))
                .as("fresh ephemeral key each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyIsRefused() throws Exception {
        byte[] sealed = OutputSeal.seal(MODEL, ec("secp256r1").getPublic(), LABELS);
        assertThatThrownBy(() ->
                        OutputSeal.open(sealed, (ECPrivateKey) ec("secp256r1").getPrivate()))
                .isInstanceOf(OutputSealException.class)
                .hasMessage("not sealed to this output key, or altered since sealing");
        assertThatThrownBy(() ->
                        OutputSeal.open(sealed, (ECPrivateKey) ec("secp384r1").getPrivate()))
                .isInstanceOf(OutputSealException.class)
                .hasMessageContaining("sealed to a P-256 key; this key is P-384");
    }

    @Test
    void everyAlteredByteIsRefused() throws Exception {
        KeyPair k = ec("secp256r1");
        byte[] sealed = OutputSeal.seal(MODEL, k.getPublic(), LABELS);
        for (int i = 8; i < sealed.length; i += 7) {
            byte[] t = sealed.clone();
            t[i] ^= 1;
            assertThatThrownBy(() -> OutputSeal.open(t, (ECPrivateKey) k.getPrivate()))
                    .as("byte " + i)
                    .isInstanceOf(OutputSealException.class);
        }
        byte[] relabelled = new String(sealed, StandardCharsets.ISO_8859_1)
                .replace("job-1-c1", "job-1-c2")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> OutputSeal.open(relabelled, (ECPrivateKey) k.getPrivate()))
                .hasMessage("not sealed to this output key, or altered since sealing");
        byte[] truncated = java.util.Arrays.copyOf(sealed, 40);
        assertThatThrownBy(() -> OutputSeal.open(truncated, (ECPrivateKey) k.getPrivate()))
                .isInstanceOf(OutputSealException.class);
    }

    @Test
    void onlyEcP256OrP384KeysAreSealedTo() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> OutputSeal.seal(MODEL, rsa.generateKeyPair().getPublic(), LABELS))
                .hasMessageContaining("it must be EC P-256 or P-384");
        assertThatThrownBy(() -> OutputSeal.seal(MODEL, ec("secp521r1").getPublic(), LABELS))
                .hasMessageContaining("P-256 or P-384 only");
    }
}

package org.depa.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The TDC's sealed spec: it opens only under its key, as the spec of the TDC and commitment it was sealed for; an
 * edited header, another key, or an altered or truncated ciphertext fails.
 */
class SealedSpecTest {
    private static final String COMMITMENT = "ab".repeat(32);
    private static final byte[] BUNDLE =
            "{\"salt\":\"00\",\"spec\":{\"hiddenLayers\":[4]}}".getBytes(StandardCharsets.UTF_8);
    private static final SealedSpec.Header HEADER =
            new SealedSpec.Header("tdc", COMMITMENT, URI.create("http://127.0.0.1:8091/"));

    @Test
    void opensUnderItsKeyAndNamesTheKeyIdOfItsCommitment() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] file = SealedSpec.seal(BUNDLE, key, HEADER);
        SealedSpec.Sealed read = SealedSpec.read(file);
        assertThat(read.header()).isEqualTo(HEADER);
        assertThat(read.header().keyId()).isEqualTo("spec-" + COMMITMENT);
        assertThat(SealedSpec.open(read, key)).isEqualTo(BUNDLE);
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("hiddenLayers");
    }

    @Test
    void anEditedCommitmentOrTdcInTheHeaderDoesNotOpen() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] file = SealedSpec.seal(BUNDLE, key, HEADER);
        String other = "cd".repeat(32);
        byte[] edited = replace(file, COMMITMENT, other);
        assertThat(SealedSpec.read(edited).header().commitment()).isEqualTo(other);
        assertThatThrownBy(() -> SealedSpec.open(SealedSpec.read(edited), key))
                .isInstanceOf(DatasetDecryptionException.class);
        byte[] otherTdc = replace(file, "tdc tdc", "tdc tdd");
        assertThatThrownBy(() -> SealedSpec.open(SealedSpec.read(otherTdc), key))
                .isInstanceOf(DatasetDecryptionException.class);
    }

    @Test
    void anotherKeyAnAlteredOrATruncatedCiphertextDoesNotOpen() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] file = SealedSpec.seal(BUNDLE, key, HEADER);
        assertThatThrownBy(() -> SealedSpec.open(SealedSpec.read(file), DatasetKey.generate()))
                .isInstanceOf(DatasetDecryptionException.class);
        byte[] flipped = file.clone();
        flipped[flipped.length - 5] ^= 1;
        assertThatThrownBy(() -> SealedSpec.open(SealedSpec.read(flipped), key))
                .isInstanceOf(DatasetDecryptionException.class);
        byte[] cut = java.util.Arrays.copyOf(file, file.length - 20);
        assertThatThrownBy(() -> SealedSpec.open(SealedSpec.read(cut), key)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aFileThatIsNoSealedSpecIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> SealedSpec.read(BUNDLE)).hasMessageContaining("not a sealed spec");
        assertThatThrownBy(() -> SealedSpec.read("depa-sealed-spec v1\ntdc tdc\n\nx".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'tdc', 'commitment' and 'kms'");
        assertThatThrownBy(() -> new SealedSpec.Header("tdc", "ABC", URI.create("http://h/")))
                .hasMessageContaining("commitment must be 64 lower-case hex");
        assertThatThrownBy(() -> new SealedSpec.Header("tdc", COMMITMENT, URI.create("file:/x")))
                .hasMessageContaining("kms must be an http(s) URI");
    }

    private static byte[] replace(byte[] file, String from, String to) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).isNotNegative();
        return (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}

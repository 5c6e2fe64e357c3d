package org.depa.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetCipherTest {
    private static final DatasetKey KEY = DatasetKey.generate();
    private static final String DATASET = "icmr-data";

    static byte[] plaintext(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static byte[] encrypt(byte[] plain, DatasetKey key, String dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCipher.create(key).encrypt(new ByteArrayInputStream(plain), out, dataset);
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] ct, DatasetKey key, String dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCipher.create(key).decrypt(new ByteArrayInputStream(ct), out, dataset);
        return out.toByteArray();
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 4096, (1 << 20) - 40, 1 << 20, 3 * (1 << 20) + 17})
        void decryptsWhatItEncrypted(int size) throws IOException {
            byte[] plain = plaintext(size);
            byte[] ct = encrypt(plain, KEY, DATASET);
            assertThat(ct.length).isGreaterThan(size);
            assertThat(decrypt(ct, KEY, DATASET)).isEqualTo(plain);
        }

        @Test
        void reportsTheCiphertextHashAndSizes() throws Exception {
            byte[] plain = plaintext(100_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DatasetCipher.EncryptionResult r =
                    DatasetCipher.create(KEY).encrypt(new ByteArrayInputStream(plain), out, DATASET);
            byte[] ct = out.toByteArray();
            assertThat(r.plaintextBytes()).isEqualTo(plain.length);
            assertThat(r.ciphertextBytes()).isEqualTo(ct.length);
            assertThat(r.ciphertextSha256())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(ct)));
        }

        @Test
        void encryptionIsRandomised() throws IOException {
            byte[] plain = plaintext(1000);
            assertThat(encrypt(plain, KEY, DATASET)).isNotEqualTo(encrypt(plain, KEY, DATASET));
        }
    }

    @Nested
    class Tampering {
        private final byte[] plain = plaintext(2 * (1 << 20) + 5000);
        private final byte[] ct;

        Tampering() throws IOException {
            ct = encrypt(plain, KEY, DATASET);
        }

        @ParameterizedTest(name = "bit flip at byte {0}")
        @ValueSource(ints = {0, 1, 20, 39, 40, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 100, -1, -17})
        void anyFlippedBitFails(int position) {
            byte[] bad = ct.clone();
            int at = position < 0 ? bad.length + position : position;
            bad[at] ^= 0x01;
            assertThatThrownBy(() -> decrypt(bad, KEY, DATASET)).isInstanceOf(DatasetDecryptionException.class);
        }

        @ParameterizedTest(name = "truncated by {0} bytes")
        @ValueSource(ints = {1, 16, 1000, (1 << 20) + 16})
        void truncationFails(int cut) {
            byte[] bad = Arrays.copyOf(ct, ct.length - cut);
            assertThatThrownBy(() -> decrypt(bad, KEY, DATASET)).isInstanceOf(DatasetDecryptionException.class);
        }

        @Test
        void appendedBytesFail() {
            byte[] bad = Arrays.copyOf(ct, ct.length + 1);
            assertThatThrownBy(() -> decrypt(bad, KEY, DATASET)).isInstanceOf(DatasetDecryptionException.class);
        }

        @Test
        void anotherKeyFails() {
            assertThatThrownBy(() -> decrypt(ct, DatasetKey.generate(), DATASET))
                    .isInstanceOf(DatasetDecryptionException.class);
        }

        @Test
        void anotherDatasetIdFails() {
            assertThatThrownBy(() -> decrypt(ct, KEY, "cowin-data"))
                    .isInstanceOf(DatasetDecryptionException.class)
                    .hasMessageContaining("cowin-data");
        }

        /**
         * The key import's check: key and dataset id made this ciphertext, from its first segment alone (a change
         * after the first segment is the clean room's hash check to find, not this one's).
         */
        @Test
        void checkMadeWithTellsTheKeyAndDatasetIdFromTheFirstSegment() throws IOException {
            byte[] big = encrypt(plaintext((1 << 20) * 2 + 5), KEY, DATASET);
            DatasetCipher.create(KEY).checkMadeWith(new ByteArrayInputStream(big), DATASET);
            DatasetCipher.create(KEY)
                    .checkMadeWith(new ByteArrayInputStream(encrypt(new byte[0], KEY, DATASET)), DATASET);
            byte[] laterFlipped = big.clone();
            laterFlipped[laterFlipped.length - 3] ^= 1;
            DatasetCipher.create(KEY).checkMadeWith(new ByteArrayInputStream(laterFlipped), DATASET);

            assertThatThrownBy(
                            () -> DatasetCipher.create(KEY).checkMadeWith(new ByteArrayInputStream(big), "cowin-data"))
                    .isInstanceOf(DatasetDecryptionException.class)
                    .hasMessageContaining("cowin-data");
            assertThatThrownBy(() -> DatasetCipher.create(DatasetKey.generate())
                            .checkMadeWith(new ByteArrayInputStream(big), DATASET))
                    .isInstanceOf(DatasetDecryptionException.class);
            byte[] firstFlipped = big.clone();
            firstFlipped[100] ^= 1;
            assertThatThrownBy(() ->
                            DatasetCipher.create(KEY).checkMadeWith(new ByteArrayInputStream(firstFlipped), DATASET))
                    .isInstanceOf(DatasetDecryptionException.class);
            assertThatThrownBy(() -> DatasetCipher.create(KEY)
                            .checkMadeWith(
                                    new ByteArrayInputStream(
                                            "not a ciphertext".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                                    DATASET))
                    .isInstanceOf(DatasetDecryptionException.class);
        }
    }

    @Nested
    class Files_ {
        @TempDir
        Path dir;

        @Test
        void fileRoundTripAndHashOfTheFile() throws Exception {
            Path in = dir.resolve("plain.csv");
            Files.write(in, plaintext(50_000));
            DatasetCipher c = DatasetCipher.create(KEY);
            DatasetCipher.EncryptionResult r = c.encryptFile(in, dir.resolve("data.enc"), DATASET);
            byte[] ct = Files.readAllBytes(dir.resolve("data.enc"));
            assertThat(r.ciphertextSha256())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(ct)));
            c.decryptFile(dir.resolve("data.enc"), dir.resolve("back.csv"), DATASET);
            assertThat(Files.readAllBytes(dir.resolve("back.csv"))).isEqualTo(Files.readAllBytes(in));
        }

        @Test
        void failedDecryptionLeavesNoOutput() throws Exception {
            Path in = dir.resolve("plain.csv");
            Files.write(in, plaintext(3 * (1 << 20)));
            DatasetCipher c = DatasetCipher.create(KEY);
            c.encryptFile(in, dir.resolve("data.enc"), DATASET);
            byte[] ct = Files.readAllBytes(dir.resolve("data.enc"));
            ct[ct.length - 5] ^= 0x40; // last segment: earlier segments decrypt before the failure
            Files.write(dir.resolve("data.enc"), ct);
            assertThatThrownBy(() -> c.decryptFile(dir.resolve("data.enc"), dir.resolve("back.csv"), DATASET))
                    .isInstanceOf(DatasetDecryptionException.class);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("plain.csv", "data.enc");
            }
        }
    }

    @Nested
    class Keys {
        @Test
        void keyFileRoundTripAndRedaction() {
            DatasetKey k = DatasetKey.generate();
            assertThat(DatasetKey.fromBase64(k.toBase64() + "\n").bytes()).isEqualTo(k.bytes());
            assertThat(k.toString()).doesNotContain(k.toBase64());
        }

        @Test
        void wrongLengthOrEncodingRefused() {
            assertThatThrownBy(() -> DatasetKey.of(new byte[16])).hasMessageContaining("32 bytes, got 16");
            assertThatThrownBy(() -> DatasetKey.fromBase64("not base64!")).hasMessageContaining("not base64");
        }

        @Test
        void destroyedKeyIsZeroed() {
            DatasetKey k = DatasetKey.generate();
            k.destroy();
            assertThat(k.bytes()).containsOnly(0);
        }
    }
}

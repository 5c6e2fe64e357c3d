package org.depa.kms.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.kms.protocol.KeyImportRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running bridge's import (kms-bridge's admin route) on the checks of the offline {@code import-key}: the start of
 * a ciphertext, {@link KeyImportRequest#CIPHERTEXT_PROOF_BYTES} bytes, proves a key for a ciphertext of several
 * segments and one byte less does not (the bound the protocol and the cipher's 1 MiB segments share); a taken id, a
 * replacement; a PKCS#12 file that cannot be written leaves the store in memory without the key.
 */
class RunningKeyImportTest {
    @TempDir
    Path dir;

    private static final String DATASET = "icmr-2026";

    @Test
    void theCiphertextsStartProvesTheKeyAndOneByteLessDoesNot() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] big = new byte[(1 << 20) * 2 + (1 << 19)];
        new Random(7).nextBytes(big);
        byte[] ciphertext = encrypt(key, big);
        byte[] start = Arrays.copyOf(ciphertext, KeyImportRequest.CIPHERTEXT_PROOF_BYTES);
        byte[] short1 = Arrays.copyOf(ciphertext, KeyImportRequest.CIPHERTEXT_PROOF_BYTES - 1);
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("keys.p12"), "pw".toCharArray())) {
            assertThatThrownBy(() -> RunningKeyImport.run(
                            store, "k-short", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, short1), false))
                    .isInstanceOfSatisfying(KeyImport.RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(KeyImport.Refusal.KEY_MISMATCH));
            assertThat(store.contains("k-short")).isFalse();

            KeyImport.Result r = RunningKeyImport.run(
                    store, "k", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, start), false);
            assertThat(r.keyId()).isEqualTo("k");
            assertThat(r.datasetId()).isEqualTo(DATASET);
            assertThat(r.replaced()).isFalse();
            assertThat(store.contains("k")).isTrue();
        }
        // Written to the file too: a store opened afresh (the bridge after a restart) holds it.
        try (DatasetKeyStore again = DatasetKeyStore.pkcs12(dir.resolve("keys.p12"), "pw".toCharArray())) {
            assertThat(again.contains("k")).isTrue();
        }
    }

    @Test
    void aTakenIdIsRefusedUnlessReplacedAndAWrongDatasetIdIsAMismatch() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] whole = encrypt(key, "pseudonym,age\n5a1f,34\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("keys.p12"), "pw".toCharArray())) {
            RunningKeyImport.run(store, "k", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, whole), false);
            assertThatThrownBy(() -> RunningKeyImport.run(
                            store, "k", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, whole), false))
                    .isInstanceOfSatisfying(KeyImport.RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(KeyImport.Refusal.KEY_ID_TAKEN))
                    .hasMessageContaining("'k'");
            assertThat(RunningKeyImport.run(
                                    store, "k", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, whole), true)
                            .replaced())
                    .isTrue();
            assertThatThrownBy(() -> RunningKeyImport.run(
                            store, "k2", keyFile(key), new RunningKeyImport.DatasetProof("cowin-2026", whole), false))
                    .isInstanceOfSatisfying(KeyImport.RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(KeyImport.Refusal.KEY_MISMATCH))
                    .hasMessageContaining("cowin-2026");
            assertThatThrownBy(() -> RunningKeyImport.run(
                            store,
                            "k3",
                            KeyFile.format(KeyFile.Kind.PSEUDONYM, key.toBase64()),
                            new RunningKeyImport.DatasetProof(DATASET, whole),
                            false))
                    .isInstanceOf(KeyImport.InputException.class)
                    .hasMessageContaining("pseudonym");
            assertThat(store.contains("k2")).isFalse();
            assertThat(store.contains("k3")).isFalse();
        }
    }

    @Test
    void aStoreFileThatCannotBeWrittenLeavesNoKeyInMemory() throws Exception {
        DatasetKey key = DatasetKey.generate();
        byte[] whole = encrypt(key, new byte[100]);
        Path file = dir.resolve("keys.p12");
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(file, "pw".toCharArray())) {
            // The file's place taken by a directory with something in it: the atomic move onto it fails (also as root).
            Files.createDirectories(file);
            Files.writeString(file.resolve("in-the-way"), "x");
            assertThatThrownBy(() -> RunningKeyImport.run(
                            store, "k", keyFile(key), new RunningKeyImport.DatasetProof(DATASET, whole), false))
                    .isInstanceOfSatisfying(KeyImport.RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(KeyImport.Refusal.STORE));
            assertThat(store.contains("k"))
                    .as("not held in memory when not written")
                    .isFalse();
        }
    }

    private static String keyFile(DatasetKey key) {
        return KeyFile.format(KeyFile.Kind.DATASET, key.toBase64());
    }

    private static byte[] encrypt(DatasetKey key, byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCipher.create(key).encrypt(new ByteArrayInputStream(plaintext), out, DATASET);
        return out.toByteArray();
    }
}

package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.ImportFixture;
import org.depa.kms.custody.KeyImportTool;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.ReleasedKey;
import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TDP's whole path with the bridge's own command: {@code depa dataset keygen} and {@code encrypt} (the key file
 * and the ciphertext), {@code import-key} into the store the bridge opens, then a real release on the embedded
 * ledger through the loopback bridge to an emulated attested clean room, which decrypts the ciphertext with the key
 * it was given. PKCS#12 and PKCS#11 (SoftHSM2).
 */
class KeyImportReleaseTest {
    private static final Scenario S = TestWorld.SCENARIO;
    /**
     * The key id the scenario registered icmr's dataset with, the id the bridge looks the key up by: the import's
     * default for the dataset id, {@code <datasetId>-key}, so the imports below give no {@code --key-id}.
     */
    private static final String KEY_ID = "icmr-data-key";

    @TempDir
    Path dir;

    @Test
    void aKeyImportedIntoAPkcs12StoreIsReleasedToTheCleanRoom() throws Exception {
        ImportFixture tdp = new ImportFixture(dir, "icmr", Scenario.ICMR_DATA);
        Path store = dir.resolve("icmr.p12");
        ImportFixture.Run imported = ImportFixture.run(
                Map.of(KeyImportTool.PASSWORD_ENV, "icmr-store"),
                "--key",
                tdp.keyFile.toString(),
                "--dataset-id",
                Scenario.ICMR_DATA,
                "--ciphertext",
                tdp.ciphertext.toString(),
                "--pkcs12",
                store.toString(),
                "--create");
        assertThat(imported.status()).as(imported.err()).isZero();

        try (DatasetKeyStore keys = DatasetKeyStore.pkcs12(store, "icmr-store".toCharArray())) {
            releasesAndDecrypts(keys, tdp);
        }
    }

    @Test
    void aKeyImportedOntoTheTokenIsReleasedToTheCleanRoom() throws Exception {
        Path config = ImportFixture.softHsmConfig("sunpkcs11.cfg");
        char[] pin = Files.readString(ImportFixture.softHsmPin()).toCharArray();
        ImportFixture tdp = new ImportFixture(dir, "icmr", Scenario.ICMR_DATA);
        ImportFixture.Run imported = ImportFixture.run(
                Map.of(KeyImportTool.PASSWORD_ENV, new String(pin)),
                "--key",
                tdp.keyFile.toString(),
                "--dataset-id",
                Scenario.ICMR_DATA,
                "--ciphertext",
                tdp.ciphertext.toString(),
                "--pkcs11",
                config.toString(),
                "--replace"); // the test token outlives test runs; the scenario's key id is fixed
        assertThat(imported.status()).as(imported.err()).isZero();

        try (DatasetKeyStore keys = DatasetKeyStore.pkcs11(config, pin)) {
            try {
                releasesAndDecrypts(keys, tdp);
            } finally {
                keys.deleteKey(KEY_ID);
            }
        }
    }

    private static void releasesAndDecrypts(DatasetKeyStore keys, ImportFixture tdp) throws Exception {
        SnpVerifier verifier = SnpVerifier.create(
                VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark()));
        KeyReleaseService service = new KeyReleaseService(
                S.icmr.client(),
                "icmr",
                verifier,
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                keys,
                true);
        String contract = TestWorld.next("import-c");
        S.active(contract, "0.1");
        String run = TestWorld.next("import-r");
        S.startRun(contract, run);
        long height = S.w.ledger.height();
        try (LoopbackBridge bridge = LoopbackBridge.start(service)) {
            KeyReleaseClient client = KeyReleaseClient.create();
            EphemeralKey ephemeral = EphemeralKey.generate();
            ReleasedKey released = client.release(
                    bridge.uri(),
                    EmulatedCcr.trusted()
                            .request(run, Scenario.ICMR_DATA, client.challenge(bridge.uri(), run), ephemeral),
                    ephemeral);

            assertThat(released.keyId()).isEqualTo(KEY_ID);
            assertThat(released.datasetKey()).as("the key of the key file").isEqualTo(tdp.key());
            assertThat(S.w.ledger.height()).as("the release is recorded").isEqualTo(height + 1);
            Path opened = tdp.dir.resolve("opened-" + System.nanoTime() + ".csv");
            DatasetCipher.create(DatasetKey.of(released.datasetKey()))
                    .decryptFile(tdp.ciphertext, opened, Scenario.ICMR_DATA);
            assertThat(Files.readString(opened)).isEqualTo(Files.readString(tdp.plaintext));
        }
    }
}

package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.depa.dataset.KeyFile;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseJwe;
import org.depa.ledger.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depa kms import-key} as a TDP runs it after {@code depa dataset keygen} and {@code encrypt}: the key in the
 * bridge's PKCS#12 store under the key id the bridge looks up, sealed by the store as the bridge seals a release;
 * the refusals with their exit codes; the key never on stdout, stderr or in the log. The bridge's program itself
 * (every refusal, PKCS#11, a release) is tested in kms-bridge-core ({@code KeyImportToolTest},
 * {@code KeyImportReleaseTest}); this test opens the store only to check what was stored.
 */
class KmsCommandTest {
    @TempDir
    Path dir;

    private String[] keyForms;

    @BeforeEach
    void keygenAndEncrypt() throws Exception {
        CliRun.in(dir, "dataset", "keygen", "--out", "icmr.key").isClean();
        CliRun.in(dir, "dataset", "keygen", "--kind", "pseudonym", "--out", "join.key")
                .isClean();
        Files.writeString(dir.resolve("icmr.csv"), "pseudonym,age\n5a1f,34\n");
        CliRun.in(
                        dir,
                        "dataset",
                        "encrypt",
                        "--in",
                        "icmr.csv",
                        "--out",
                        "icmr.enc",
                        "--key",
                        "icmr.key",
                        "--dataset-id",
                        "icmr-2026")
                .isClean();
        Files.writeString(dir.resolve("store.pw"), "bridge-store-pw\n");
        byte[] key = KeyFile.read(dir.resolve("icmr.key"), KeyFile.Kind.DATASET);
        keyForms = new String[] {
            Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key)
        };
    }

    private CliRun importKey(String... more) {
        String[] base = {
            "kms",
            "import-key",
            "--key",
            "icmr.key",
            "--dataset-id",
            "icmr-2026",
            "--ciphertext",
            "icmr.enc",
            "--pkcs12",
            "bridge/icmr.p12",
            "--password-file",
            "store.pw"
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CliRun r = CliRun.in(dir, args).isClean();
        for (String form : keyForms) {
            assertThat(r.out() + r.err()).doesNotContain(form);
        }
        return r;
    }

    @Test
    void importsTheKeyIntoTheBridgesStoreAndRefusesWhatIsWrong() throws Exception {
        Files.createDirectories(dir.resolve("bridge"));
        CliRun missing = importKey();
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("depa kms import-key: ").contains("no key store at", "--create");

        CliRun ok = importKey("--create");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(Json.tree(ok.out()).get("keyId").asText()).isEqualTo("icmr-2026-key");
        assertThat(Json.tree(ok.out()).get("location").asText())
                .isEqualTo(dir.resolve("bridge/icmr.p12").toString());
        try (DatasetKeyStore store =
                DatasetKeyStore.pkcs12(dir.resolve("bridge/icmr.p12"), "bridge-store-pw".toCharArray())) {
            EphemeralKey recipient = EphemeralKey.generate();
            String jwe = store.seal(
                    "icmr-2026-key", recipient.publicJwk(), new ReleaseClaims("icmr-2026", "r", "icmr-2026-key"));
            assertThat(ReleaseJwe.open(jwe, recipient, "icmr-2026", "r").datasetKey())
                    .isEqualTo(KeyFile.read(dir.resolve("icmr.key"), KeyFile.Kind.DATASET));
        }

        CliRun twice = importKey();
        assertThat(twice.status()).isEqualTo(1);
        assertThat(twice.err()).contains("already holds a key 'icmr-2026-key'", "--replace");
        assertThat(importKey("--replace").status()).isZero();

        CliRun wrongId = importKey("--key-id", "other-key");
        assertThat(wrongId.status()).isZero();
        String[] mismatch = {
            "kms",
            "import-key",
            "--key",
            "icmr.key",
            "--dataset-id",
            "cowin-2026",
            "--ciphertext",
            "icmr.enc",
            "--pkcs12",
            "bridge/icmr.p12",
            "--password-file",
            "store.pw"
        };
        CliRun refused = CliRun.in(dir, mismatch).isClean();
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("did not make", "cowin-2026", "nothing imported");

        mismatch[3] = "join.key";
        mismatch[5] = "icmr-2026";
        CliRun pseudonym = CliRun.in(dir, mismatch).isUsageError("pseudonym");
        assertThat(pseudonym.err()).startsWith("depa kms import-key: --key: ");

        String log = Files.readString(CliRun.LOG, StandardCharsets.UTF_8);
        for (String form : keyForms) {
            assertThat(log).doesNotContain(form);
        }
    }

    @Test
    void theStoreIsChosenOnceAndThePasswordIsNeverAnArgument() {
        CliRun.in(
                        dir,
                        "kms",
                        "import-key",
                        "--key",
                        "icmr.key",
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        "icmr.enc")
                .isUsageError("--pkcs12 FILE or --pkcs11");
        CliRun.in(
                        dir,
                        "kms",
                        "import-key",
                        "--key",
                        "icmr.key",
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        "icmr.enc",
                        "--pkcs12",
                        "a.p12",
                        "--password",
                        "secret")
                .isUsageError("--password and --pin are not accepted");
    }
}

package org.depa.kms.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseJwe;
import org.depa.ledger.model.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-key}: a key file of {@code depa dataset keygen} into the bridge's store, and every way an operator
 * can get it wrong. Each refusal has its exit code, a message naming the problem, nothing stored; no run prints or
 * logs the key. The release through a bridge with an imported key is {@code KeyImportReleaseTest}'s.
 */
class KeyImportToolTest {
    private static final Map<String, String> ENV = Map.of(KeyImportTool.PASSWORD_ENV, "store-pw");

    @TempDir
    Path dir;

    private ImportFixture icmr;
    private final List<ImportFixture.Run> runs = new ArrayList<>();

    @BeforeEach
    void keygenAndEncrypt() throws Exception {
        icmr = new ImportFixture(dir, "icmr", "icmr-2026");
    }

    /** No run, accepted or refused, shows the key on stdout, stderr or in a log record. */
    @AfterEach
    void noKeyMaterialAnywhere() {
        for (ImportFixture.Run r : runs) {
            for (String form : icmr.keyForms()) {
                assertThat(r.out() + r.err() + r.logs()).doesNotContain(form);
            }
            assertThat(r.err()).doesNotContain("\tat ", "Exception:");
        }
    }

    private ImportFixture.Run run(Map<String, String> env, String... args) {
        ImportFixture.Run r = ImportFixture.run(env, args);
        runs.add(r);
        return r;
    }

    private ImportFixture.Run pkcs12(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--key", icmr.keyFile.toString(),
                "--dataset-id", "icmr-2026",
                "--ciphertext", icmr.ciphertext.toString(),
                "--pkcs12", dir.resolve("bridge.p12").toString()));
        args.addAll(List.of(more));
        return run(ENV, args.toArray(String[]::new));
    }

    private static void refused(ImportFixture.Run r, int status, String... message) {
        assertThat(r.status()).as(r.err()).isEqualTo(status);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kms-bridge import-key: ").contains(message);
        assertThat(r.err().lines()).as("one line, or the usage after it").isNotEmpty();
    }

    /** The key the store holds under {@code keyId}, through the seal the bridge makes. */
    private static byte[] sealedKey(DatasetKeyStore store, String keyId) throws Exception {
        EphemeralKey recipient = EphemeralKey.generate();
        String jwe = store.seal(keyId, recipient.publicJwk(), new ReleaseClaims("icmr-2026", "run-1", keyId));
        return ReleaseJwe.open(jwe, recipient, "icmr-2026", "run-1").datasetKey();
    }

    @Test
    void importsUnderTheBridgesKeyIdAndSaysWhatToRegister() throws Exception {
        ImportFixture.Run r = pkcs12("--create");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        var json = Json.tree(r.out());
        assertThat(json.get("keyId").asText()).isEqualTo("icmr-2026-key");
        assertThat(json.get("entry").asText()).isEqualTo("depa-dataset:icmr-2026-key");
        assertThat(json.get("store").asText()).isEqualTo("pkcs12");
        assertThat(json.get("created").asBoolean()).isTrue();
        assertThat(json.get("replaced").asBoolean()).isFalse();
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("bridge.p12"), "store-pw".toCharArray())) {
            store.checkSealable("icmr-2026-key");
            assertThat(sealedKey(store, "icmr-2026-key")).isEqualTo(icmr.key());
        }
        String p12 = new String(Files.readAllBytes(dir.resolve("bridge.p12")), StandardCharsets.ISO_8859_1);
        for (String form : icmr.keyForms()) {
            assertThat(p12).as("the store file holds the key encrypted").doesNotContain(form);
        }
    }

    @Test
    void aTdcsSpecKeyIsImportedUnderItsCommitmentOnlyIfItOpensTheSealedSpec() throws Exception {
        String commitment = "ab".repeat(32);
        org.depa.dataset.DatasetKey specKey = org.depa.dataset.DatasetKey.generate();
        Path sealed = dir.resolve("model.sealed");
        Files.write(
                sealed,
                org.depa.dataset.SealedSpec.seal(
                        "{\"salt\":\"00\",\"spec\":{}}".getBytes(StandardCharsets.UTF_8),
                        specKey,
                        new org.depa.dataset.SealedSpec.Header("tdc", commitment, java.net.URI.create("http://h/"))));
        Path keyFile = dir.resolve("model.spec.key");
        org.depa.dataset.KeyFile.writeNew(keyFile, org.depa.dataset.KeyFile.Kind.SPEC, specKey.toBase64());
        Path store = dir.resolve("tdc.p12");
        // A dataset key file is not a spec key; another spec key does not open the sealed spec.
        refused(
                run(
                        ENV,
                        "--key",
                        icmr.keyFile.toString(),
                        "--sealed-spec",
                        sealed.toString(),
                        "--pkcs12",
                        store.toString(),
                        "--create"),
                2,
                "holds a dataset key, not a model-spec key");
        Path otherKey = dir.resolve("other.spec.key");
        org.depa.dataset.KeyFile.writeNew(
                otherKey,
                org.depa.dataset.KeyFile.Kind.SPEC,
                org.depa.dataset.DatasetKey.generate().toBase64());
        refused(
                run(
                        ENV,
                        "--key",
                        otherKey.toString(),
                        "--sealed-spec",
                        sealed.toString(),
                        "--pkcs12",
                        store.toString(),
                        "--create"),
                1,
                "did not seal");
        refused(
                run(
                        ENV,
                        "--key",
                        keyFile.toString(),
                        "--sealed-spec",
                        sealed.toString(),
                        "--key-id",
                        "x",
                        "--pkcs12",
                        store.toString(),
                        "--create"),
                2,
                "spec-" + commitment);
        refused(
                run(
                        ENV,
                        "--key",
                        keyFile.toString(),
                        "--sealed-spec",
                        sealed.toString(),
                        "--dataset-id",
                        "icmr-2026",
                        "--pkcs12",
                        store.toString(),
                        "--create"),
                2,
                "takes the place of --dataset-id");
        assertThat(store).doesNotExist();

        ImportFixture.Run r = run(
                ENV,
                "--key",
                keyFile.toString(),
                "--sealed-spec",
                sealed.toString(),
                "--pkcs12",
                store.toString(),
                "--create");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Json.tree(r.out()).get("keyId").asText()).isEqualTo("spec-" + commitment);
        assertThat(r.out()).doesNotContain(specKey.toBase64());
        try (DatasetKeyStore s2 = DatasetKeyStore.pkcs12(store, "store-pw".toCharArray())) {
            s2.checkSealable("spec-" + commitment);
        }
    }

    @Test
    void anExplicitKeyIdAndThePasswordFromAFile() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "file-pw\n");
        ImportFixture.Run r = run(
                Map.of(),
                "--key",
                icmr.keyFile.toString(),
                "--dataset-id",
                "icmr-2026",
                "--ciphertext",
                icmr.ciphertext.toString(),
                "--key-id",
                "icmr-data-key",
                "--pkcs12",
                dir.resolve("f.p12").toString(),
                "--create",
                "--password-file",
                pw.toString());

        assertThat(r.status()).as(r.err()).isZero();
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("f.p12"), "file-pw".toCharArray())) {
            assertThat(sealedKey(store, "icmr-data-key")).isEqualTo(icmr.key());
        }
    }

    @Test
    void aPseudonymKeyFileIsRefused() throws Exception {
        ImportFixture.Run r = run(
                ENV,
                "--key",
                icmr.pseudonymKeyFile().toString(),
                "--dataset-id",
                "icmr-2026",
                "--ciphertext",
                icmr.ciphertext.toString(),
                "--pkcs12",
                dir.resolve("bridge.p12").toString(),
                "--create");

        refused(r, 2, "--key: ", "pseudonym", "dataset");
        assertThat(dir.resolve("bridge.p12")).doesNotExist();
    }

    @Test
    void aWrongDatasetIdIsRefusedAndNothingStored() {
        refused(
                run(
                        ENV,
                        "--key",
                        icmr.keyFile.toString(),
                        "--dataset-id",
                        "cowin-2026",
                        "--ciphertext",
                        icmr.ciphertext.toString(),
                        "--pkcs12",
                        dir.resolve("bridge.p12").toString(),
                        "--create"),
                1,
                "did not make",
                "for dataset 'cowin-2026'",
                "nothing imported");
        assertThat(dir.resolve("bridge.p12")).doesNotExist();
    }

    @Test
    void anotherDatasetsKeyOrCiphertextIsRefused() throws Exception {
        ImportFixture cowin = new ImportFixture(dir, "cowin", "icmr-2026");
        refused(
                run(
                        ENV,
                        "--key",
                        cowin.keyFile.toString(),
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        icmr.ciphertext.toString(),
                        "--pkcs12",
                        dir.resolve("bridge.p12").toString(),
                        "--create"),
                1,
                "did not make");
        Path junk = dir.resolve("junk.enc");
        Files.writeString(junk, "not a ciphertext at all");
        refused(
                run(
                        ENV,
                        "--key",
                        icmr.keyFile.toString(),
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        junk.toString(),
                        "--pkcs12",
                        dir.resolve("bridge.p12").toString(),
                        "--create"),
                1,
                "did not make");
        assertThat(dir.resolve("bridge.p12")).doesNotExist();
    }

    /** Imports {@code fixture}'s key for icmr-2026 into the test's PKCS#12 store, with {@code more} options. */
    private ImportFixture.Run importInto(ImportFixture fixture, String... more) {
        return run(
                ENV,
                cat(
                        new String[] {
                            "--key", fixture.keyFile.toString(),
                            "--dataset-id", "icmr-2026",
                            "--ciphertext", fixture.ciphertext.toString(),
                            "--pkcs12", dir.resolve("bridge.p12").toString()
                        },
                        more));
    }

    @Test
    void anExistingKeyIdNeedsReplace() throws Exception {
        assertThat(pkcs12("--create").status()).isZero();
        ImportFixture second = new ImportFixture(dir, "second", "icmr-2026");

        ImportFixture.Run again = importInto(second);
        refused(again, 1, "already holds a key 'icmr-2026-key'", "--replace");
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("bridge.p12"), "store-pw".toCharArray())) {
            assertThat(sealedKey(store, "icmr-2026-key"))
                    .as("the first key is kept")
                    .isEqualTo(icmr.key());
        }

        ImportFixture.Run replaced = importInto(second, "--replace");
        assertThat(replaced.status()).as(replaced.err()).isZero();
        assertThat(Json.tree(replaced.out()).get("replaced").asBoolean()).isTrue();
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("bridge.p12"), "store-pw".toCharArray())) {
            assertThat(sealedKey(store, "icmr-2026-key")).isEqualTo(second.key());
        }
    }

    @Test
    void aReplacementRemovesTheScratchKeyAnInterruptedOneLeftAndLeavesNone() throws Exception {
        assertThat(pkcs12("--create").status()).isZero();
        String scratch = "icmr-2026-key" + KeyImport.REPLACEMENT_CHECK_SUFFIX;
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("bridge.p12"), "store-pw".toCharArray())) {
            store.importKey(scratch, new byte[32]); // what a replacement killed between its check and its swap leaves
        }
        ImportFixture second = new ImportFixture(dir, "second", "icmr-2026");

        ImportFixture.Run replaced = importInto(second, "--replace");

        assertThat(replaced.status()).as(replaced.err()).isZero();
        try (DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("bridge.p12"), "store-pw".toCharArray())) {
            assertThat(sealedKey(store, "icmr-2026-key")).isEqualTo(second.key());
            assertThat(store.contains(scratch)).isFalse();
        }
        // No operator's key can be named like the scratch: '#' is not allowed in a key id.
        refused(run(ENV, cat(args(dir.resolve("bridge.p12")), "--key-id", scratch)), 2, "must be 1-200 characters");
    }

    @Test
    void aStoreThatCannotBeOpenedIsRefused() throws Exception {
        assertThat(pkcs12("--create", "--key-id", "first").status()).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("bridge.p12"));

        refused(run(Map.of(KeyImportTool.PASSWORD_ENV, "wrong"), args(dir.resolve("bridge.p12"))), 1, "wrong password");
        refused(run(ENV, args(dir.resolve("absent.p12"))), 2, "no key store at", "--create");
        refused(run(ENV, args(dir)), 2, "is not a regular file");
        Path garbage = dir.resolve("garbage.p12");
        Files.writeString(garbage, "not PKCS#12");
        refused(run(ENV, args(garbage)), 1, "cannot open the PKCS#12 key store");
        assertThat(Files.readAllBytes(dir.resolve("bridge.p12"))).isEqualTo(before);
    }

    private String[] args(Path store) {
        return new String[] {
            "--key", icmr.keyFile.toString(),
            "--dataset-id", "icmr-2026",
            "--ciphertext", icmr.ciphertext.toString(),
            "--pkcs12", store.toString()
        };
    }

    @Test
    void usageAndInputErrors() throws Exception {
        String[] base = args(dir.resolve("bridge.p12"));
        refused(run(Map.of(), base), 2, "no store password", KeyImportTool.PASSWORD_ENV);
        refused(run(ENV, cat(base, "--password", "secret")), 2, "--password is not accepted");
        refused(run(ENV, "--key", icmr.keyFile.toString()), 2, "are required");
        refused(
                run(
                        ENV,
                        "--key",
                        icmr.keyFile.toString(),
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        icmr.ciphertext.toString()),
                2,
                "--pkcs12 FILE or --pkcs11");
        refused(run(ENV, cat(base, "--pkcs11", "x.cfg")), 2, "one of them");
        refused(run(ENV, cat(base, "--bogus")), 2, "unknown option '--bogus'");
        refused(run(ENV, cat(base, "--key-id")), 2, "--key-id needs a value");
        refused(run(ENV, cat(base, "--key-id", "a b")), 2, "--key-id 'a b' must be");
        refused(run(ENV, cat(base, "--key-id", "")), 2, "--key-id is empty");
        base[3] = "Not An Id";
        refused(run(ENV, base), 2, "--dataset-id 'Not An Id' is not a ledger dataset id");
        base[3] = "icmr-2026";
        base[1] = dir.resolve("missing.key").toString();
        refused(run(ENV, cat(base, "--create")), 2, "--key: no such file");
        base[1] = "/dev/zero";
        refused(run(ENV, cat(base, "--create")), 2, "--key: ");
        base[1] = icmr.keyFile.toString();
        base[5] = dir.resolve("missing.enc").toString();
        refused(run(ENV, base), 2, "--ciphertext: no such file");
        assertThat(dir.resolve("bridge.p12")).doesNotExist();
    }

    private static String[] cat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    /** On the SoftHSM2 token of scripts/softhsm.sh (skipped, saying why, without it). */
    @Nested
    class Pkcs11 {
        private String[] token(String config, String keyId, String... more) throws Exception {
            return cat(
                    new String[] {
                        "--key", icmr.keyFile.toString(),
                        "--dataset-id", "icmr-2026",
                        "--ciphertext", icmr.ciphertext.toString(),
                        "--key-id", keyId,
                        "--pkcs11", ImportFixture.softHsmConfig(config).toString(),
                        "--password-file", ImportFixture.softHsmPin().toString()
                    },
                    more);
        }

        private DatasetKeyStore open() throws Exception {
            return DatasetKeyStore.pkcs11(
                    ImportFixture.softHsmConfig("sunpkcs11.cfg"),
                    Files.readString(ImportFixture.softHsmPin()).toCharArray());
        }

        @Test
        void importsOntoTheTokenUnderTheKeyIdAndRefusesItTwice() throws Exception {
            String keyId = CustodyTest.keyId();
            ImportFixture.Run r = run(Map.of(), token("sunpkcs11.cfg", keyId));

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(Json.tree(r.out()).get("entry").asText()).isEqualTo(keyId);
            assertThat(Json.tree(r.out()).get("store").asText()).isEqualTo("pkcs11");
            try (DatasetKeyStore store = open()) {
                assertThat(sealedKey(store, keyId)).isEqualTo(icmr.key());
            }
            refused(run(Map.of(), token("sunpkcs11.cfg", keyId)), 1, "already holds a key '" + keyId + "'");

            ImportFixture second = new ImportFixture(dir, "second", "icmr-2026");
            String[] replace = token("sunpkcs11.cfg", keyId, "--replace");
            replace[1] = second.keyFile.toString();
            replace[5] = second.ciphertext.toString();
            assertThat(run(Map.of(), replace).status()).isZero();
            try (DatasetKeyStore store = open()) {
                assertThat(sealedKey(store, keyId)).isEqualTo(second.key());
                store.deleteKey(keyId);
            }
        }

        @Test
        void aWrongPinOrAMissingConfigurationIsRefused() throws Exception {
            String[] args = token("sunpkcs11.cfg", CustodyTest.keyId());
            Path wrongPin = dir.resolve("wrong-pin");
            Files.writeString(wrongPin, "not-the-pin");
            args[11] = wrongPin.toString();
            // In a JVM of its own: this one is logged in to the token already (other tests), which hides a wrong PIN.
            ImportFixture.Run r = ImportFixture.runProcess(Map.of(), args);
            runs.add(r);
            refused(r, 1, "cannot open the PKCS#11 token");
            args[9] = dir.resolve("absent.cfg").toString();
            refused(run(Map.of(), args), 2, "--pkcs11 (the SunPKCS11 configuration): no such file");
        }

        @Test
        void aKeyTheBridgeCannotSealIsNotLeftOnTheToken() throws Exception {
            String keyId = CustodyTest.keyId();
            Path config = ImportFixture.softHsmConfig("sunpkcs11-sensitive.cfg");
            boolean wraps;
            try (DatasetKeyStore store = DatasetKeyStore.pkcs11(
                    config, Files.readString(ImportFixture.softHsmPin()).toCharArray())) {
                wraps = ((Pkcs11DatasetKeyStore) store).tokenWraps();
            }
            ImportFixture.Run r = run(Map.of(), token("sunpkcs11-sensitive.cfg", keyId));
            try (DatasetKeyStore store = open()) {
                if (wraps) {
                    assertThat(r.status()).as(r.err()).isZero();
                    store.deleteKey(keyId);
                } else {
                    refused(r, 1, "could not seal with it", "removed again");
                    assertThat(store.contains(keyId)).isFalse();
                }
            }
        }

        @Test
        void aReplacementTheBridgeCannotSealLeavesTheKeyItWasToReplace() throws Exception {
            boolean wraps;
            try (DatasetKeyStore store = DatasetKeyStore.pkcs11(
                    ImportFixture.softHsmConfig("sunpkcs11-sensitive.cfg"),
                    Files.readString(ImportFixture.softHsmPin()).toCharArray())) {
                wraps = ((Pkcs11DatasetKeyStore) store).tokenWraps();
            }
            assumeFalse(wraps, "this token wraps sensitive keys, so no replacement fails the seal check");
            String keyId = CustodyTest.keyId();
            assertThat(run(Map.of(), token("sunpkcs11.cfg", keyId)).status()).isZero();

            ImportFixture second = new ImportFixture(dir, "unsealable", "icmr-2026");
            String[] replace = token("sunpkcs11-sensitive.cfg", keyId, "--replace");
            replace[1] = second.keyFile.toString();
            replace[5] = second.ciphertext.toString();
            refused(
                    run(Map.of(), replace),
                    1,
                    "could not seal with it",
                    "the key held under '" + keyId + "' is unchanged");

            try (DatasetKeyStore store = open()) {
                assertThat(sealedKey(store, keyId)).isEqualTo(icmr.key());
                assertThat(store.contains(keyId + KeyImport.REPLACEMENT_CHECK_SUFFIX))
                        .isFalse();
                store.deleteKey(keyId);
            }
        }
    }
}

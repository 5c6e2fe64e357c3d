package org.depa.kms.custody;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.depa.dataset.DatasetDecryptionException;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;

/**
 * {@code import-key --sealed-spec}: a TDC's key of its sealed model spec ({@code depa job seal-spec}) into the key
 * store of the TDC's own bridge, under the one key id the bridge releases it by ({@link SealedSpec#keyId}: one key
 * per commitment, so the bridge hands it only to a run of a job with that commitment). Before anything is stored the
 * sealed spec must open under the key (which also authenticates the TDC and commitment its header names); the store
 * steps are a dataset key's ({@link KeyImport}). Nothing here prints, logs or returns key material.
 */
final class SpecKeyImport {
    private SpecKeyImport() {}

    static KeyImport.Result run(KeyImport.Request r, char[] password)
            throws KeyImport.InputException, KeyImport.RefusedException {
        if (r.datasetId() != null || r.ciphertext() != null) {
            throw new KeyImport.InputException(
                    "--sealed-spec takes the place of --dataset-id and --ciphertext: give one or the other", null);
        }
        KeyImport.regularFile(r.sealedSpec(), "--sealed-spec");
        SealedSpec.Sealed sealed;
        try {
            sealed = SealedSpec.read(Files.readAllBytes(r.sealedSpec()));
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyImport.InputException("--sealed-spec " + r.sealedSpec() + ": " + e.getMessage(), e);
        }
        String keyId = sealed.header().keyId();
        if (r.keyId() != null && !r.keyId().equals(keyId)) {
            throw new KeyImport.InputException(
                    "--key-id: a spec key is held under " + keyId + " (spec-<commitment>), the id the bridge looks"
                            + " it up by; leave --key-id out",
                    null);
        }
        KeyImport.requirePassword(password);
        boolean created = KeyImport.checkStore(r);
        DatasetKey key;
        try {
            byte[] raw = KeyFile.read(r.keyFile(), KeyFile.Kind.SPEC);
            try {
                key = DatasetKey.of(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new KeyImport.InputException(
                    r.keyFile() == null ? "--key is required" : "--key: " + e.getMessage(), e);
        }
        byte[] raw = key.bytes();
        try {
            checkOpens(sealed, key, r.sealedSpec().toString(), "--sealed-spec");
            try (DatasetKeyStore store = KeyImport.open(r, password)) {
                boolean replaced = KeyImport.put(store, keyId, raw, r.replace());
                String entry = r.kind() == KeyImport.StoreKind.PKCS12 ? Pkcs12DatasetKeyStore.alias(keyId) : keyId;
                return new KeyImport.Result(null, keyId, store.kind(), r.location(), entry, created, replaced);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
            key.destroy();
        }
    }

    /**
     * The proof a spec key import demands, whichever way the key comes: {@code sealed} opens under {@code key}
     * ({@code source} names it, {@code name} the option or field that gave it).
     */
    static void checkOpens(SealedSpec.Sealed sealed, DatasetKey key, String source, String name)
            throws KeyImport.InputException, KeyImport.RefusedException {
        try {
            byte[] bundle = SealedSpec.open(sealed, key);
            Arrays.fill(bundle, (byte) 0);
        } catch (DatasetDecryptionException e) {
            throw new KeyImport.RefusedException(
                    KeyImport.Refusal.KEY_MISMATCH,
                    "the key in the key file did not seal " + source + " for TDC '"
                            + sealed.header().tdcId() + "' and commitment "
                            + sealed.header().commitment()
                            + ": another spec's key, or an altered file; nothing imported",
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyImport.InputException(name + ": " + e.getMessage(), e);
        }
    }
}

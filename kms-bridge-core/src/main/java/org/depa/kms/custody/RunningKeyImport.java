package org.depa.kms.custody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;

/**
 * A key into the store of a running bridge, from what its owner sent over the administrative route (kms-bridge's
 * {@code PUT /v1/admin/keys/{keyId}}): the same checks as the offline {@code import-key} ({@link KeyImport}), on the
 * key file's text and the proof's bytes instead of files, then stored in the very store the bridge releases from, so
 * the key is releasable at once (PKCS#12: the in-memory store and its file, rewritten atomically; PKCS#11: the
 * token). Nothing is stored on any refusal. Nothing here prints, logs or returns key material.
 */
public final class RunningKeyImport {
    private RunningKeyImport() {}

    /** What proves the key belongs under its id. */
    public sealed interface Proof permits DatasetProof, SpecProof {}

    /**
     * A dataset key's proof: the key with {@code datasetId} as associated data made {@code ciphertextStart} (the
     * ciphertext's header and first segment, or all of a shorter one).
     */
    public record DatasetProof(String datasetId, byte[] ciphertextStart) implements Proof {
        public DatasetProof {
            Objects.requireNonNull(ciphertextStart, "ciphertextStart");
        }
    }

    /** A TDC's spec key's proof: the sealed spec ({@code depa job seal-spec}) opens under the key. */
    public record SpecProof(byte[] sealedSpec) implements Proof {
        public SpecProof {
            Objects.requireNonNull(sealedSpec, "sealedSpec");
        }
    }

    /**
     * Checks {@code keyFile} (the key file's text) against {@code proof} and stores the key under {@code keyId} in
     * {@code store}.
     *
     * @throws KeyImport.InputException the request is wrong (a key file of another kind, a malformed id or sealed
     *     spec, a spec key under another id than {@code spec-<commitment>}), naming the field
     * @throws KeyImport.RefusedException the key does not match its proof, the id is taken without
     *     {@code replace}, or the store refused; see {@link KeyImport.RefusedException#refusal()}
     */
    public static KeyImport.Result run(
            DatasetKeyStore store, String keyId, String keyFile, Proof proof, boolean replace)
            throws KeyImport.InputException, KeyImport.RefusedException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(proof, "proof");
        KeyImport.requireKeyId("the key id", keyId);
        if (keyFile == null || keyFile.isEmpty()) {
            throw new KeyImport.InputException("key: the key file's text is required", null);
        }
        if (keyFile.length() > KeyFile.MAX_BYTES) {
            throw new KeyImport.InputException(
                    "key: over the " + KeyFile.MAX_BYTES + " characters a key file may be", null);
        }
        if (proof instanceof DatasetProof d) {
            return dataset(store, keyId, keyFile, d, replace);
        }
        return spec(store, keyId, keyFile, (SpecProof) proof, replace);
    }

    private static KeyImport.Result dataset(
            DatasetKeyStore store, String keyId, String keyFile, DatasetProof proof, boolean replace)
            throws KeyImport.InputException, KeyImport.RefusedException {
        String datasetId = KeyImport.datasetId("datasetId", proof.datasetId());
        DatasetKey key = key(keyFile, KeyFile.Kind.DATASET);
        byte[] raw = key.bytes();
        try {
            try {
                KeyImport.checkMadeWith(
                        key,
                        new ByteArrayInputStream(proof.ciphertextStart()),
                        datasetId,
                        "the ciphertext's start (" + proof.ciphertextStart().length + " bytes)");
            } catch (IOException e) {
                throw new KeyImport.InputException("ciphertextStart: " + e.getMessage(), e);
            }
            return store(store, keyId, raw, replace, datasetId);
        } finally {
            Arrays.fill(raw, (byte) 0);
            key.destroy();
        }
    }

    private static KeyImport.Result spec(
            DatasetKeyStore store, String keyId, String keyFile, SpecProof proof, boolean replace)
            throws KeyImport.InputException, KeyImport.RefusedException {
        SealedSpec.Sealed sealed;
        try {
            sealed = SealedSpec.read(proof.sealedSpec());
        } catch (IllegalArgumentException e) {
            throw new KeyImport.InputException("sealedSpec: " + e.getMessage(), e);
        }
        String expected = sealed.header().keyId();
        if (!expected.equals(keyId)) {
            throw new KeyImport.InputException(
                    "a spec key is held under " + expected + " (spec-<commitment> of the sealed spec), the id the"
                            + " bridge looks it up by, not '" + KeyImport.printable(keyId) + "'",
                    null);
        }
        DatasetKey key = key(keyFile, KeyFile.Kind.SPEC);
        byte[] raw = key.bytes();
        try {
            SpecKeyImport.checkOpens(sealed, key, "the sealed spec", "sealedSpec");
            return store(store, keyId, raw, replace, null);
        } finally {
            Arrays.fill(raw, (byte) 0);
            key.destroy();
        }
    }

    private static DatasetKey key(String keyFile, KeyFile.Kind kind) throws KeyImport.InputException {
        byte[] raw;
        try {
            raw = KeyFile.parse(kind, keyFile, "the key file");
        } catch (IllegalArgumentException e) {
            // KeyFile's messages name the kinds, never the key.
            throw new KeyImport.InputException("key: " + e.getMessage(), e);
        }
        try {
            return DatasetKey.of(raw);
        } catch (IllegalArgumentException e) {
            throw new KeyImport.InputException("key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static KeyImport.Result store(
            DatasetKeyStore store, String keyId, byte[] raw, boolean replace, String datasetId)
            throws KeyImport.RefusedException {
        boolean replaced;
        // One import at a time on this store: the held-or-not check and the write are one step (the stores' own
        // methods lock the same object, so a release in between waits for it).
        synchronized (store) {
            replaced = KeyImport.put(store, keyId, raw, replace);
        }
        String entry = store.kind().equals("pkcs12") ? Pkcs12DatasetKeyStore.alias(keyId) : keyId;
        return new KeyImport.Result(datasetId, keyId, store.kind(), null, entry, false, replaced);
    }
}

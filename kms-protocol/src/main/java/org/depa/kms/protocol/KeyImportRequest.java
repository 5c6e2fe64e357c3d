package org.depa.kms.protocol;

import java.util.Objects;

/**
 * The body of {@code PUT {base}/v1/admin/keys/{keyId}} ({@link BridgeAdminClient#importKey}): a key for the owner's
 * running bridge, with the proof that it belongs under that key id, which the bridge checks before it stores
 * anything. A dataset key's proof is the dataset id and the start of the dataset's ciphertext: Tink's streaming AEAD
 * authenticates its header and first segment under this key only with this dataset id as associated data, so the
 * whole ciphertext need not travel ({@value #CIPHERTEXT_PROOF_BYTES} bytes at most: the header and the 1 MiB first
 * segment, and one byte more that tells the segment is not the last). A spec key's proof is the whole sealed spec
 * ({@code depa job seal-spec}; small), which must open under the key. Exactly one of the two proofs.
 *
 * @param key the key file's text, as {@code depa dataset keygen} or {@code depa job seal-spec} wrote it
 *     ({@code depa-key v1 dataset} or {@code depa-key v1 spec}); a secret: never logged
 * @param datasetId the dataset's ledger id (a dataset key), else null
 * @param ciphertextStart standard base64 of the ciphertext's first {@value #CIPHERTEXT_PROOF_BYTES} bytes (all of a
 *     shorter one), for a dataset key, else null
 * @param sealedSpec standard base64 of the sealed spec file, for a spec key, else null
 * @param replace true to replace a key the bridge holds under the id (null or false: such an import is refused)
 */
public record KeyImportRequest(
        String key, String datasetId, String ciphertextStart, String sealedSpec, Boolean replace) {

    /** How much of a dataset's ciphertext proves a key: the header and first segment, and one byte more. */
    public static final int CIPHERTEXT_PROOF_BYTES = (1 << 20) + 1;

    /** The largest sealed spec sent (a bundle is at most 80 KiB; its header is short). */
    public static final int MAX_SEALED_SPEC_BYTES = 128 * 1024;

    /**
     * The largest body the bridge accepts on the import route: the base64 of a full ciphertext start and a key file,
     * with room for the JSON around them.
     */
    public static final int MAX_BODY_BYTES = 1536 * 1024;

    /** A dataset key's import. */
    public static KeyImportRequest dataset(String keyFile, String datasetId, String ciphertextStart, boolean replace) {
        return new KeyImportRequest(
                Objects.requireNonNull(keyFile, "keyFile"),
                Objects.requireNonNull(datasetId, "datasetId"),
                Objects.requireNonNull(ciphertextStart, "ciphertextStart"),
                null,
                replace);
    }

    /** A TDC's spec key's import. */
    public static KeyImportRequest spec(String keyFile, String sealedSpec, boolean replace) {
        return new KeyImportRequest(
                Objects.requireNonNull(keyFile, "keyFile"),
                null,
                null,
                Objects.requireNonNull(sealedSpec, "sealedSpec"),
                replace);
    }

    /** Whether a held key is to be replaced. */
    public boolean replacing() {
        return Boolean.TRUE.equals(replace);
    }

    /** The key id a dataset's key is looked up by when none is registered: {@code <datasetId>-key}. */
    public static String defaultKeyId(String datasetId) {
        return datasetId + "-key";
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "KeyImportRequest[datasetId=" + datasetId + ", ciphertextStart="
                + (ciphertextStart == null ? "none" : ciphertextStart.length() + " chars") + ", sealedSpec="
                + (sealedSpec == null ? "none" : sealedSpec.length() + " chars") + ", replace=" + replace + "]";
    }
}

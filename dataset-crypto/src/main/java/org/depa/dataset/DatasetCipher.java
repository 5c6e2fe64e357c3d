package org.depa.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Encrypts and decrypts a dataset file under its dataset key with Tink's streaming AEAD
 * (AES-256-GCM-HKDF, 1 MiB segments): files of any size stream through in constant memory, and
 * any change to the ciphertext, its order or its truncation fails decryption.
 *
 * <p>The associated data is the dataset id, so a ciphertext registered for one dataset cannot be
 * passed off as another dataset's even under the same key.
 */
public interface DatasetCipher {

    /** A cipher under {@code key}. */
    static DatasetCipher create(DatasetKey key) {
        return new TinkDatasetCipher(key);
    }

    /**
     * Encrypts {@code plaintext} into {@code ciphertext}; returns the byte counts and the
     * ciphertext's SHA-256, which the TDP registers on the ledger.
     */
    EncryptionResult encrypt(InputStream plaintext, OutputStream ciphertext, String datasetId) throws IOException;

    /**
     * Decrypts {@code ciphertext} into {@code plaintext}.
     *
     * @throws DatasetDecryptionException if the ciphertext was altered, truncated, made under
     *     another key or for another dataset id; output written before the failure must be
     *     discarded (the file variant deletes it)
     */
    long decrypt(InputStream ciphertext, OutputStream plaintext, String datasetId) throws IOException;

    /**
     * Checks that {@code ciphertext} was made under this key for {@code datasetId} by authenticating its header
     * and first segment (at most 1 MiB read), without decrypting the rest: the check a key import makes that a key
     * file and a dataset id belong together. The plaintext read is discarded.
     *
     * @throws DatasetDecryptionException if the key or the dataset id is not the one the ciphertext was made with
     *     (or its start was altered)
     */
    void checkMadeWith(InputStream ciphertext, String datasetId) throws IOException;

    /** {@link #encrypt} from file to file; the output appears only when complete. */
    EncryptionResult encryptFile(Path plaintext, Path ciphertext, String datasetId) throws IOException;

    /** {@link #decrypt} from file to file; on failure no output file is left behind. */
    long decryptFile(Path ciphertext, Path plaintext, String datasetId) throws IOException;

    /**
     * What encryption produced.
     *
     * @param ciphertextSha256 lower-case hex SHA-256 of the whole ciphertext
     */
    record EncryptionResult(long plaintextBytes, long ciphertextBytes, String ciphertextSha256) {}
}

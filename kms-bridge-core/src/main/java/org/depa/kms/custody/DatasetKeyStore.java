package org.depa.kms.custody;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Path;
import java.util.Objects;
import org.depa.kms.protocol.ReleaseClaims;

/**
 * A TDP's dataset keys (32 random bytes each, AES-256), by the dataset's ledger {@code keyId}. The store never
 * returns a key: it seals a release JWE (see {@link org.depa.kms.protocol.ReleaseJwe}) whose content encryption
 * key is the dataset key, so with a token behind it the key need not exist in clear in the bridge.
 */
public interface DatasetKeyStore extends AutoCloseable {

    /** A PKCS#12 file (created on the first import if absent), protected by {@code password}. */
    static DatasetKeyStore pkcs12(Path file, char[] password) throws KeyCustodyException {
        return Pkcs12DatasetKeyStore.open(Objects.requireNonNull(file, "file"), password.clone());
    }

    /**
     * A PKCS#11 token through the JDK's SunPKCS11 provider.
     *
     * @param providerConfig a SunPKCS11 configuration file (library, slot, attributes)
     * @param pin the user PIN
     */
    static DatasetKeyStore pkcs11(Path providerConfig, char[] pin) throws KeyCustodyException {
        return Pkcs11DatasetKeyStore.open(Objects.requireNonNull(providerConfig, "providerConfig"), pin.clone());
    }

    /** Whether a key with this id is held. */
    boolean contains(String keyId) throws KeyCustodyException;

    /**
     * Checks that the key {@code keyId} can be used as {@link #seal} uses it (a 32-byte AES secret key this store may
     * wrap), without sealing anything: the release service calls it before anything is recorded on the ledger. An
     * entry that is merely present, e.g. a password imported with {@code keytool -importpass}, fails here.
     *
     * @throws KeyCustodyException naming what is wrong (never the key)
     */
    void checkSealable(String keyId) throws KeyCustodyException;

    /**
     * Stores {@code key} (32 bytes) under {@code keyId}: provisioning, by the TDP's operator, never by a release.
     *
     * @throws KeyCustodyException if the id is taken or the store refuses
     */
    void importKey(String keyId, byte[] key) throws KeyCustodyException;

    /**
     * Stores {@code key} (32 bytes) under {@code keyId} in place of the key held there: the operator's explicit
     * replacement ({@code import-key --replace}). On a PKCS#12 file the change is one atomic rewrite; on a token the
     * old object is deleted before the new one is created (see {@link KeyCustodyException}'s message if that fails).
     */
    void replaceKey(String keyId, byte[] key) throws KeyCustodyException;

    /** Removes the key {@code keyId} if held: provisioning only (an import that proved unusable is undone). */
    void deleteKey(String keyId) throws KeyCustodyException;

    /** The compact release JWE for {@code claims} to {@code recipient}, with the key {@code keyId} as its CEK. */
    String seal(String keyId, JWK recipient, ReleaseClaims claims) throws KeyCustodyException;

    /** "pkcs12" or "pkcs11", for logs. */
    String kind();

    @Override
    void close();
}

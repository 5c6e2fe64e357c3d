package org.depa.kms.custody;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseJwe;

/**
 * Dataset keys as PKCS#12 secret-key entries. The key is loaded into memory to seal a JWE (software custody: the
 * quick-start default, not the hardened setting).
 */
final class Pkcs12DatasetKeyStore implements DatasetKeyStore {
    private final Path file;
    private final char[] password;
    private final KeyStore store;

    private Pkcs12DatasetKeyStore(Path file, char[] password, KeyStore store) {
        this.file = file;
        this.password = password;
        this.store = store;
    }

    static Pkcs12DatasetKeyStore open(Path file, char[] password) throws KeyCustodyException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, password);
            }
            return new Pkcs12DatasetKeyStore(file, password, ks);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new KeyCustodyException(
                        "cannot open the PKCS#12 key store " + file + ": wrong password (integrity check failed)", e);
            }
            throw new KeyCustodyException("cannot open the PKCS#12 key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot open the PKCS#12 key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean contains(String keyId) throws KeyCustodyException {
        try {
            return store.entryInstanceOf(alias(keyId), KeyStore.SecretKeyEntry.class);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot read the PKCS#12 key store", e);
        }
    }

    @Override
    public synchronized void importKey(String keyId, byte[] key) throws KeyCustodyException {
        requireKeyLength(key);
        if (contains(keyId)) {
            throw new KeyCustodyException("key '" + keyId + "' already exists", null);
        }
        put(keyId, key);
    }

    @Override
    public synchronized void replaceKey(String keyId, byte[] key) throws KeyCustodyException {
        requireKeyLength(key);
        put(keyId, key);
    }

    @Override
    public synchronized void deleteKey(String keyId) throws KeyCustodyException {
        try {
            if (store.containsAlias(alias(keyId))) {
                store.deleteEntry(alias(keyId));
                write();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyCustodyException("cannot delete key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    /**
     * Sets the entry (replacing one of the same alias) and rewrites the file atomically. If the file cannot be
     * written the entry held before (or none) is put back, so the store in memory, which a running bridge releases
     * from, never holds a key its file does not.
     */
    private void put(String keyId, byte[] key) throws KeyCustodyException {
        String alias = alias(keyId);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        KeyStore.Entry before;
        try {
            before = store.containsAlias(alias) ? store.getEntry(alias, protection) : null;
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException(
                    "cannot read the entry '" + keyId + "' before storing it: " + e.getMessage(), e);
        }
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")), protection);
            write();
        } catch (IOException | GeneralSecurityException e) {
            try {
                if (before == null) {
                    store.deleteEntry(alias);
                } else {
                    store.setEntry(alias, before, protection);
                }
            } catch (GeneralSecurityException undo) {
                e.addSuppressed(undo);
            }
            throw new KeyCustodyException("cannot store key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    private void write() throws IOException, GeneralSecurityException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".keys", ".p12");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void checkSealable(String keyId) throws KeyCustodyException {
        byte[] raw = null;
        try {
            raw = usableKey(keyId);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** The key's bytes if it is a 32-byte AES secret key; the caller zeroes them. */
    private byte[] usableKey(String keyId) throws KeyCustodyException {
        Key key;
        try {
            synchronized (this) {
                key = store.getKey(alias(keyId), password);
            }
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot read key '" + keyId + "': " + e.getMessage(), e);
        }
        if (!(key instanceof SecretKey secret)) {
            throw new KeyCustodyException("no key '" + keyId + "'", null);
        }
        if (!"AES".equalsIgnoreCase(secret.getAlgorithm())) {
            throw new KeyCustodyException(
                    "key '" + keyId + "' is a " + secret.getAlgorithm() + " key, not an AES dataset key (a password"
                            + " imported with keytool -importpass is not a dataset key; import it with `depa kms import-key`)",
                    null);
        }
        byte[] raw = secret.getEncoded();
        if (raw == null || raw.length != ReleaseJwe.DATASET_KEY_BYTES) {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
            throw new KeyCustodyException("key '" + keyId + "' is not a 32-byte dataset key", null);
        }
        return raw;
    }

    @Override
    public String seal(String keyId, JWK recipient, ReleaseClaims claims) throws KeyCustodyException {
        byte[] raw = null;
        try {
            raw = usableKey(keyId);
            return ReleaseJwe.seal(recipient, new SecretKeySpec(raw, "AES"), claims);
        } catch (JOSEException e) {
            throw new KeyCustodyException("cannot seal key '" + keyId + "': " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    static void requireKeyLength(byte[] key) throws KeyCustodyException {
        if (key == null || key.length != ReleaseJwe.DATASET_KEY_BYTES) {
            throw new KeyCustodyException("a dataset key is 32 bytes", null);
        }
    }

    /** PKCS#12 aliases are case-insensitive; ledger key ids are lower-case already. */
    static String alias(String keyId) {
        return "depa-dataset:" + keyId;
    }

    @Override
    public String kind() {
        return "pkcs12";
    }

    @Override
    public void close() {
        Arrays.fill(password, '\0');
    }
}

package org.depa.kms.custody;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.crypto.impl.ECDH;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseJwe;

/**
 * Dataset keys as secret-key objects on a PKCS#11 token, through the JDK's SunPKCS11 provider.
 *
 * <p>Where the provider offers {@code AES/KW/NoPadding} on the token, sealing never extracts the key:
 *
 * <ol>
 *   <li>the bridge makes a software ephemeral EC key, computes the ECDH secret with the recipient's key and
 *       derives the key-encryption key (Concat KDF, RFC 7518 4.6). That KEK is not the dataset key;
 *   <li>the token computes {@code encrypted_key = AES-KW(KEK, datasetKey)} (CKM_AES_KEY_WRAP);
 *   <li>the token computes the ciphertext {@code AES-GCM(datasetKey)} of the claims with the protected header as
 *       AAD (CKM_AES_GCM).
 * </ol>
 *
 * The result is an ordinary ECDH-ES+A256KW / A256GCM JWE whose CEK is the dataset key.
 *
 * <p>JDK 17's SunPKCS11 has no AES/KW cipher (and Temurin 25's does not offer it over SoftHSM2 2.6.1 either), so
 * there the key is read from the token for each seal and wrapped in software, which needs the token object to be
 * non-sensitive; a sensitive key is then refused, never extracted. {@link #tokenWraps()} says which mode is in force.
 * RSA recipients are served in the software mode only.
 */
final class Pkcs11DatasetKeyStore implements DatasetKeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Provider provider;
    private final KeyStore store;
    private final boolean tokenWraps;

    private Pkcs11DatasetKeyStore(Provider provider, KeyStore store) {
        this.provider = provider;
        this.store = store;
        this.tokenWraps = offers(provider, "AES/KW/NoPadding") && offers(provider, "AES/GCM/NoPadding");
    }

    private static boolean offers(Provider p, String transformation) {
        try {
            Cipher.getInstance(transformation, p);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether seals run on the token without the key leaving it (see the class comment). */
    boolean tokenWraps() {
        return tokenWraps;
    }

    static Pkcs11DatasetKeyStore open(Path providerConfig, char[] pin) throws KeyCustodyException {
        try {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new KeyCustodyException("this JDK has no SunPKCS11 provider", null);
            }
            Provider p = base.configure(providerConfig.toString());
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return new Pkcs11DatasetKeyStore(p, ks);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new KeyCustodyException("cannot open the PKCS#11 token (" + providerConfig + "): " + e, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public synchronized boolean contains(String keyId) throws KeyCustodyException {
        try {
            return store.entryInstanceOf(keyId, KeyStore.SecretKeyEntry.class);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot read the token", e);
        }
    }

    @Override
    public synchronized void importKey(String keyId, byte[] key) throws KeyCustodyException {
        Pkcs12DatasetKeyStore.requireKeyLength(key);
        if (contains(keyId)) {
            throw new KeyCustodyException("key '" + keyId + "' already exists", null);
        }
        try {
            // The token object's attributes (sensitive, extractable only by wrapping) come from the provider
            // configuration; the clear bytes exist only here, at provisioning.
            store.setEntry(keyId, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")), null);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot store key '" + keyId + "' on the token: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void replaceKey(String keyId, byte[] key) throws KeyCustodyException {
        Pkcs12DatasetKeyStore.requireKeyLength(key);
        // A token has no atomic replace through the KeyStore API: the old object goes first.
        deleteKey(keyId);
        try {
            store.setEntry(keyId, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")), null);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException(
                    "the key previously held as '" + keyId + "' was deleted but the token refused the new one ("
                            + e.getMessage() + "); import it again",
                    e);
        }
    }

    @Override
    public synchronized void deleteKey(String keyId) throws KeyCustodyException {
        try {
            if (store.containsAlias(keyId)) {
                store.deleteEntry(keyId);
            }
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot delete key '" + keyId + "' on the token: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkSealable(String keyId) throws KeyCustodyException {
        Key datasetKey = tokenKey(keyId);
        if (!(datasetKey instanceof SecretKey)) {
            throw new KeyCustodyException("no key '" + keyId + "' on the token", null);
        }
        if (!"AES".equalsIgnoreCase(datasetKey.getAlgorithm())) {
            throw new KeyCustodyException(
                    "key '" + keyId + "' is a " + datasetKey.getAlgorithm() + " key on the token, not AES", null);
        }
        if (tokenWraps) {
            return;
        }
        byte[] raw = datasetKey.getEncoded();
        try {
            if (raw == null) {
                throw new KeyCustodyException(
                        "key '" + keyId + "' is sensitive on the token and this JDK's SunPKCS11 offers no AES/KW"
                                + " to wrap it there",
                        null);
            }
            Pkcs12DatasetKeyStore.requireKeyLength(raw);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    @Override
    public String seal(String keyId, JWK recipient, ReleaseClaims claims) throws KeyCustodyException {
        Key datasetKey = tokenKey(keyId);
        if (!(datasetKey instanceof SecretKey)) {
            throw new KeyCustodyException("no key '" + keyId + "' on the token", null);
        }
        if (!tokenWraps) {
            return sealInSoftware(keyId, datasetKey, recipient, claims);
        }
        if (!(recipient instanceof ECKey ec)) {
            throw new KeyCustodyException("on-token wrapping serves EC recipient keys only", null);
        }
        try {
            ECKey ephemeral = new ECKeyGenerator(ec.getCurve()).generate();
            JWEHeader header = new JWEHeader.Builder(ReleaseJwe.header(JWEAlgorithm.ECDH_ES_A256KW, claims))
                    .ephemeralPublicKey(ephemeral.toPublicJWK())
                    .build();
            SecretKey z = ECDH.deriveSharedSecret(ec.toECPublicKey(), ephemeral.toECPrivateKey(), null);
            SecretKey kek = ECDH.deriveSharedKey(header, z, new ConcatKDF("SHA-256"));

            Cipher wrap = Cipher.getInstance("AES/KW/NoPadding", provider);
            wrap.init(Cipher.WRAP_MODE, new SecretKeySpec(kek.getEncoded(), "AES"));
            byte[] encryptedKey = wrap.wrap(datasetKey);

            Base64URL protectedHeader = header.toBase64URL();
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
            gcm.init(Cipher.ENCRYPT_MODE, datasetKey, new GCMParameterSpec(128, iv));
            gcm.updateAAD(protectedHeader.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(ReleaseJwe.payload(claims));
            byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - 16);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
            return protectedHeader + "." + Base64URL.encode(encryptedKey) + "." + Base64URL.encode(iv) + "."
                    + Base64URL.encode(ciphertext) + "." + Base64URL.encode(tag);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new KeyCustodyException("the token could not seal key '" + keyId + "': " + e, e);
        }
    }

    private static String sealInSoftware(String keyId, Key datasetKey, JWK recipient, ReleaseClaims claims)
            throws KeyCustodyException {
        byte[] raw = datasetKey.getEncoded();
        if (raw == null) {
            throw new KeyCustodyException(
                    "key '" + keyId + "' is sensitive on the token and this JDK's SunPKCS11 offers no AES/KW"
                            + " to wrap it there; refusing rather than extracting it",
                    null);
        }
        try {
            Pkcs12DatasetKeyStore.requireKeyLength(raw);
            return ReleaseJwe.seal(recipient, new SecretKeySpec(raw, "AES"), claims);
        } catch (JOSEException e) {
            throw new KeyCustodyException("cannot seal key '" + keyId + "': " + e.getMessage(), e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The token's handle of a dataset key (when sensitive, its encoding is null). */
    synchronized Key tokenKey(String keyId) throws KeyCustodyException {
        try {
            return store.getKey(keyId, null);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot read the token", e);
        }
    }

    @Override
    public String kind() {
        return "pkcs11";
    }

    @Override
    public void close() {
        // The provider's sessions end with the JVM; SunPKCS11 has no per-instance close.
    }
}

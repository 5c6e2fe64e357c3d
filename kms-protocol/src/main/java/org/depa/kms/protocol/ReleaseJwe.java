package org.depa.kms.protocol;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.impl.AESKW;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.crypto.impl.ECDH;
import com.nimbusds.jose.crypto.impl.RSA_OAEP_SHA2;
import com.nimbusds.jose.crypto.opts.CipherMode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.depa.ledger.model.Json;

/**
 * The JWE that carries a dataset key: {@code alg} ECDH-ES+A256KW (EC recipient) or RSA-OAEP-256 (RSA recipient),
 * {@code enc} A256GCM, and the content encryption key (CEK) <em>is</em> the 32-byte dataset key. The payload is the
 * {@link ReleaseClaims} as canonical JSON, and the same claims are protected header parameters.
 *
 * <p>Making the dataset key the CEK lets a PKCS#11 token do both key operations (the AES key wrap of the CEK and
 * the GCM encryption) without the key leaving the token; a recipient gets the key by unwrapping the CEK.
 */
public final class ReleaseJwe {
    public static final String HEADER_DATASET_ID = "datasetId";
    public static final String HEADER_RUN_ID = "runId";
    public static final String HEADER_KEY_ID = "keyId";
    public static final int DATASET_KEY_BYTES = 32;

    private ReleaseJwe() {}

    /** The JWE algorithm used for {@code recipient}: ECDH-ES+A256KW for EC keys, RSA-OAEP-256 for RSA keys. */
    public static JWEAlgorithm algorithmFor(JWK recipient) {
        if (recipient instanceof ECKey) {
            return JWEAlgorithm.ECDH_ES_A256KW;
        }
        if (recipient instanceof RSAKey) {
            return JWEAlgorithm.RSA_OAEP_256;
        }
        throw new IllegalArgumentException("recipient key is neither EC nor RSA");
    }

    /** The protected header without {@code epk} (an ECDH encrypter adds its ephemeral key). */
    public static JWEHeader header(JWEAlgorithm alg, ReleaseClaims claims) {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(claims, "claims");
        return new JWEHeader.Builder(alg, EncryptionMethod.A256GCM)
                .customParam(HEADER_DATASET_ID, claims.datasetId())
                .customParam(HEADER_RUN_ID, claims.runId())
                .customParam(HEADER_KEY_ID, claims.keyId())
                .build();
    }

    /** The plaintext: the claims as canonical JSON. */
    public static byte[] payload(ReleaseClaims claims) {
        return Json.canonical(Objects.requireNonNull(claims, "claims"));
    }

    /**
     * Seals {@code claims} to {@code recipient} in software, with {@code datasetKey} as the CEK. The bridge's
     * PKCS#12 custody uses this; PKCS#11 custody builds the same JWE with the token.
     */
    public static String seal(JWK recipient, SecretKey datasetKey, ReleaseClaims claims) throws JOSEException {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(datasetKey, "datasetKey");
        JWEEncrypter encrypter;
        if (recipient instanceof ECKey ec) {
            encrypter = new ECDHEncrypter(ec.toECPublicKey(), datasetKey);
        } else if (recipient instanceof RSAKey rsa) {
            encrypter = new RSAEncrypter(rsa.toRSAPublicKey(), datasetKey);
        } else {
            throw new JOSEException("recipient key is neither EC nor RSA");
        }
        JWEObject jwe = new JWEObject(header(algorithmFor(recipient), claims), new Payload(payload(claims)));
        jwe.encrypt(encrypter);
        return jwe.serialize();
    }

    /** What {@link #open} returns: the dataset key (the CEK) and the checked claims. */
    public record Opened(byte[] datasetKey, ReleaseClaims claims) {
        public Opened {
            datasetKey = datasetKey.clone();
        }

        @Override
        public byte[] datasetKey() {
            return datasetKey.clone();
        }

        @Override
        public String toString() {
            return "Opened[" + claims + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opened other
                    && java.security.MessageDigest.isEqual(datasetKey, other.datasetKey)
                    && claims.equals(other.claims);
        }

        @Override
        public int hashCode() {
            return claims.hashCode();
        }
    }

    /**
     * Decrypts {@code compact} with {@code key}, checks that its header and payload name {@code datasetId} and
     * {@code runId}, and returns the CEK, which is the dataset key.
     */
    public static Opened open(String compact, EphemeralKey key, String datasetId, String runId)
            throws KeyUnwrapException {
        Objects.requireNonNull(compact, "compact");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(runId, "runId");
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact);
        } catch (ParseException e) {
            throw new KeyUnwrapException("the release is not a compact JWE: " + e.getMessage(), e);
        }
        JWEHeader header = jwe.getHeader();
        JWK own = key.privateJwk();
        if (!header.getAlgorithm().equals(algorithmFor(own))) {
            throw new KeyUnwrapException("JWE alg " + header.getAlgorithm() + " does not fit the ephemeral key", null);
        }
        if (!EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw new KeyUnwrapException("JWE enc " + header.getEncryptionMethod() + " is not A256GCM", null);
        }
        ReleaseClaims claims = headerClaims(header);
        if (!claims.datasetId().equals(datasetId) || !claims.runId().equals(runId)) {
            throw new KeyUnwrapException(
                    "JWE names dataset '" + claims.datasetId() + "' and run '" + claims.runId() + "', expected '"
                            + datasetId + "' and '" + runId + "'",
                    null);
        }
        try {
            jwe.decrypt(own instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter((RSAKey) own));
        } catch (JOSEException | RuntimeException e) {
            throw new KeyUnwrapException("JWE does not decrypt under the ephemeral key: " + e.getMessage(), e);
        }
        ReleaseClaims inner;
        try {
            inner = Json.read(jwe.getPayload().toBytes(), ReleaseClaims.class);
        } catch (RuntimeException e) {
            throw new KeyUnwrapException("JWE payload is not the release claims", e);
        }
        if (!inner.equals(claims)) {
            throw new KeyUnwrapException("JWE payload claims differ from its protected header", null);
        }
        byte[] cek = contentKey(jwe, own);
        if (cek.length != DATASET_KEY_BYTES) {
            throw new KeyUnwrapException("the released key is " + cek.length + " bytes, not 32", null);
        }
        return new Opened(cek, claims);
    }

    private static ReleaseClaims headerClaims(JWEHeader header) throws KeyUnwrapException {
        Object d = header.getCustomParam(HEADER_DATASET_ID);
        Object r = header.getCustomParam(HEADER_RUN_ID);
        Object k = header.getCustomParam(HEADER_KEY_ID);
        if (!(d instanceof String ds) || !(r instanceof String rs) || !(k instanceof String ks)) {
            throw new KeyUnwrapException("JWE protected header lacks datasetId, runId or keyId", null);
        }
        return new ReleaseClaims(ds, rs, ks);
    }

    /** The CEK, recomputed: the decrypter already proved it opens the payload, but does not hand it out. */
    private static byte[] contentKey(JWEObject jwe, JWK own) throws KeyUnwrapException {
        try {
            byte[] encryptedKey = jwe.getEncryptedKey().decode();
            SecretKey cek;
            if (own instanceof ECKey ec) {
                JWEHeader h = jwe.getHeader();
                SecretKey z = ECDH.deriveSharedSecret(
                        ((ECKey) h.getEphemeralPublicKey()).toECPublicKey(), ec.toECPrivateKey(), null);
                SecretKey kek = ECDH.deriveSharedKey(h, z, new ConcatKDF("SHA-256"));
                cek = AESKW.unwrapCEK(kek, encryptedKey, null);
            } else {
                cek = RSA_OAEP_SHA2.decryptCEK(
                        ((RSAKey) own).toRSAPrivateKey(), encryptedKey, 256, CipherMode.ENCRYPT_DECRYPT, null);
            }
            return cek.getEncoded();
        } catch (JOSEException | RuntimeException e) {
            throw new KeyUnwrapException("the content key does not unwrap: " + e.getMessage(), e);
        }
    }
}

package org.depa.kms.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What a recipient (ephemeral) key may be, and its canonical encoding. */
public final class RecipientKeys {
    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);
    private static final int MIN_RSA_BITS = 2048;

    private RecipientKeys() {}

    /**
     * Parses {@code jwk} as a public recipient key: EC on P-256, P-384 or P-521 (the point must lie on the curve),
     * or RSA of at least 2048 bits; a JWK carrying private parameters is refused, because a key that travelled
     * with its private part protects nothing.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static JWK parsePublic(Map<String, Object> jwk) {
        Objects.requireNonNull(jwk, "jwk");
        JWK parsed;
        try {
            parsed = JWK.parse(jwk);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("recipientJwk is not a JWK: " + e.getMessage(), e);
        }
        if (parsed.isPrivate()) {
            throw new IllegalArgumentException("recipientJwk carries private key material");
        }
        if (parsed instanceof ECKey ec) {
            if (!CURVES.contains(ec.getCurve())) {
                throw new IllegalArgumentException("recipientJwk curve " + ec.getCurve() + " is not supported");
            }
            return ec;
        }
        if (parsed instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("recipientJwk RSA key has " + rsa.size() + " bits, fewer than 2048");
            }
            return rsa;
        }
        throw new IllegalArgumentException("recipientJwk key type " + parsed.getKeyType() + " is not EC or RSA");
    }

    /** The DER SubjectPublicKeyInfo of {@code key}: one encoding per key, the input of the REPORT_DATA binding. */
    public static byte[] canonicalEncoding(JWK key) {
        Objects.requireNonNull(key, "key");
        try {
            if (key instanceof ECKey ec) {
                return ec.toECPublicKey().getEncoded();
            }
            if (key instanceof RSAKey rsa) {
                return rsa.toRSAPublicKey().getEncoded();
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("recipient key cannot be encoded: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("recipient key type " + key.getKeyType() + " is not EC or RSA");
    }
}

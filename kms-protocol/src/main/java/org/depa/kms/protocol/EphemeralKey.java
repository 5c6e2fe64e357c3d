package org.depa.kms.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Objects;

/**
 * The clean room's per-release key pair: the public half goes into the request (and REPORT_DATA), the private half
 * never leaves the clean room and unwraps the key. Use one per release request.
 */
public final class EphemeralKey {
    private final JWK pair;

    private EphemeralKey(JWK pair) {
        this.pair = pair;
    }

    /** A fresh EC P-384 key pair (JWE alg ECDH-ES+A256KW). */
    public static EphemeralKey generate() {
        try {
            return new EphemeralKey(new ECKeyGenerator(Curve.P_384).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("EC P-384 key generation failed", e);
        }
    }

    /** A fresh RSA 3072 key pair (JWE alg RSA-OAEP-256). */
    public static EphemeralKey generateRsa() {
        try {
            return new EphemeralKey(new RSAKeyGenerator(3072).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** Wraps an existing private EC or RSA JWK. */
    public static EphemeralKey of(JWK privateJwk) {
        Objects.requireNonNull(privateJwk, "privateJwk");
        if (!privateJwk.isPrivate() || !(privateJwk instanceof ECKey || privateJwk instanceof RSAKey)) {
            throw new IllegalArgumentException("an ephemeral key is a private EC or RSA JWK");
        }
        return new EphemeralKey(privateJwk);
    }

    public JWK publicJwk() {
        return pair.toPublicJWK();
    }

    /** The private JWK; for {@link ReleaseJwe#open} only. */
    JWK privateJwk() {
        return pair;
    }

    @Override
    public String toString() {
        return "EphemeralKey[" + pair.getKeyType() + "]"; // never the private part
    }
}

package org.depa.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * The key types the tests need: the ledger's three algorithms, and P-521 and RSA, which the ledger
 * refuses, so that refusal tests have keys to be refused. Each type signs certificates with the
 * hash its size calls for, as a CA of that key type would.
 */
public enum KeyType {
    EC_P256("EC", "secp256r1", "SHA256withECDSA"),
    EC_P384("EC", "secp384r1", "SHA384withECDSA"),
    EC_P521("EC", "secp521r1", "SHA512withECDSA"),
    ED25519("Ed25519", null, "Ed25519"),
    RSA_2048("RSA", null, "SHA256withRSA");

    private final String keyAlgorithm;
    private final String curve;
    private final String signatureAlgorithm;

    KeyType(String keyAlgorithm, String curve, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.curve = curve;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The key type that the ledger's {@code algorithm} signs with. */
    public static KeyType of(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256_SHA256 -> EC_P256;
            case ECDSA_P384_SHA384 -> EC_P384;
            case ED25519 -> ED25519;
        };
    }

    /** A fresh key pair from the JDK's providers, so the keys are what production code would load. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (this == RSA_2048) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** The JCA name of the signature a key of this type puts on the certificates it signs. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}

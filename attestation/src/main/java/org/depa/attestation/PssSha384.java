package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * RSASSA-PSS with SHA-384, MGF1-SHA-384, a 48-byte salt and trailer 1: the only algorithm with which AMD's ARK
 * and ASK/ASVK sign. Any other algorithm identifier is refused rather than interpreted, so that a chain cannot be
 * steered onto a weaker algorithm.
 */
final class PssSha384 {
    static final int SALT_LENGTH = 48;
    private static final int MIN_MODULUS_BITS = 2048;

    private PssSha384() {}

    /** Whether {@code alg} is exactly RSASSA-PSS SHA-384 / MGF1-SHA-384 / salt 48 / trailer 1. */
    static boolean isExpected(AlgorithmIdentifier alg) {
        try {
            return isExpectedUnchecked(alg);
        } catch (RuntimeException e) {
            return false; // parameters that do not even parse as RSASSA-PSS-params
        }
    }

    private static boolean isExpectedUnchecked(AlgorithmIdentifier alg) {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg.getAlgorithm()) || alg.getParameters() == null) {
            return false;
        }
        RSASSAPSSparams p = RSASSAPSSparams.getInstance(alg.getParameters());
        if (!isSha384(p.getHashAlgorithm())) {
            return false;
        }
        AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm()) || mgf.getParameters() == null) {
            return false;
        }
        return isSha384(AlgorithmIdentifier.getInstance(mgf.getParameters()))
                && p.getSaltLength().equals(BigInteger.valueOf(SALT_LENGTH))
                && p.getTrailerField().equals(BigInteger.ONE);
    }

    private static boolean isSha384(AlgorithmIdentifier hash) {
        ASN1Encodable params = hash.getParameters();
        return NISTObjectIdentifiers.id_sha384.equals(hash.getAlgorithm())
                && (params == null || DERNull.INSTANCE.equals(params));
    }

    /** The RSA public key of a signer certificate, if it holds one of acceptable size. */
    static Optional<RSAKeyParameters> rsaKey(SubjectPublicKeyInfo spki) {
        var alg = spki.getAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(alg) && !PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg)) {
            return Optional.empty();
        }
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(spki);
            if (key instanceof RSAKeyParameters rsa
                    && !rsa.isPrivate()
                    && rsa.getModulus().bitLength() >= MIN_MODULUS_BITS) {
                return Optional.of(rsa);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Verifies {@code signature} over {@code message}; false for any malformed input. */
    static boolean verify(RSAKeyParameters key, byte[] message, byte[] signature) {
        try {
            PSSSigner signer = new PSSSigner(new RSAEngine(), new SHA384Digest(), new SHA384Digest(), SALT_LENGTH);
            signer.init(false, key);
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }
}

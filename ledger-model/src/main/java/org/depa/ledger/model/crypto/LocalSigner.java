package org.depa.ledger.model.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Signs payloads with a key that never leaves the signer's process (the CLI, the clean room, a
 * test). ECDSA uses RFC 6979 deterministic nonces and emits low-S DER, the only form the ledger
 * accepts.
 */
public final class LocalSigner {
    private final AsymmetricKeyParameter key;
    private final SignatureAlgorithm algorithm;

    private LocalSigner(AsymmetricKeyParameter key, SignatureAlgorithm algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** A signer for a PEM private key; the key is not kept as text. */
    public static LocalSigner fromPem(String privateKeyPem) {
        AsymmetricKeyParameter key = Pem.privateKey(Objects.requireNonNull(privateKeyPem, "privateKeyPem"));
        if (key instanceof Ed25519PrivateKeyParameters) {
            return new LocalSigner(key, SignatureAlgorithm.ED25519);
        }
        if (key instanceof ECPrivateKeyParameters ec) {
            int bits = ec.getParameters().getN().bitLength();
            if (bits == 256) {
                return new LocalSigner(key, SignatureAlgorithm.ECDSA_P256_SHA256);
            }
            if (bits == 384) {
                return new LocalSigner(key, SignatureAlgorithm.ECDSA_P384_SHA384);
            }
        }
        throw new IllegalArgumentException("private key must be ECDSA P-256, ECDSA P-384 or Ed25519");
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public byte[] sign(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        return switch (algorithm) {
            case ED25519 -> signEd25519(payload);
            case ECDSA_P256_SHA256 -> signEcdsa(payload, new SHA256Digest());
            case ECDSA_P384_SHA384 -> signEcdsa(payload, new SHA384Digest());
        };
    }

    private byte[] signEd25519(byte[] payload) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(payload, 0, payload.length);
        return signer.generateSignature();
    }

    private byte[] signEcdsa(byte[] payload, Digest digest) {
        byte[] hash = new byte[digest.getDigestSize()];
        digest.update(payload, 0, payload.length);
        digest.doFinal(hash, 0);
        Digest kDigest = algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? new SHA256Digest() : new SHA384Digest();
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(kDigest));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger n = ((ECPrivateKeyParameters) key).getParameters().getN();
        BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode signature", e);
        }
    }

    @Override
    public String toString() {
        return "LocalSigner[" + algorithm + "]";
    }
}

package org.depa.ledger.model.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;

/**
 * Verifies signatures with BouncyCastle's lightweight API (no JCA provider to install). ECDSA
 * signatures must be strict DER with 0 &lt; r, s &lt; n and s &lt;= n/2: a high-S or re-encoded
 * signature is the same signature in another shape, and accepting it would let anyone mint a
 * "new" signature that slips past replay detection.
 */
public final class SignatureVerifier {
    private SignatureVerifier() {}

    /** Returns normally when {@code signature} is valid over {@code payload}; throws otherwise. */
    public static void verify(PublicKeyInfo key, byte[] payload, byte[] signature) {
        switch (key.algorithm()) {
            case ED25519 -> verifyEd25519((Ed25519PublicKeyParameters) key.key(), payload, signature);
            case ECDSA_P256_SHA256 -> verifyEcdsa(
                    (ECPublicKeyParameters) key.key(), new SHA256Digest(), payload, signature);
            case ECDSA_P384_SHA384 -> verifyEcdsa(
                    (ECPublicKeyParameters) key.key(), new SHA384Digest(), payload, signature);
        }
    }

    private static void verifyEd25519(Ed25519PublicKeyParameters key, byte[] payload, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            throw invalid("an Ed25519 signature is 64 bytes");
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, key);
        signer.update(payload, 0, payload.length);
        // BouncyCastle's Ed25519 rejects non-canonical S (S >= L), closing the malleability gap.
        if (!signer.verifySignature(signature)) {
            throw invalid("signature does not verify against the registered key");
        }
    }

    private static void verifyEcdsa(ECPublicKeyParameters key, Digest digest, byte[] payload, byte[] signature) {
        BigInteger[] rs = decodeStrictDer(signature);
        BigInteger n = key.getParameters().getN();
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            throw invalid("ECDSA r or s is out of range");
        }
        if (s.compareTo(n.shiftRight(1)) > 0) {
            throw new LedgerRuleException(
                    ErrorCode.MALLEABLE_SIGNATURE, "ECDSA signature has a high S value; sign with low-S normalisation");
        }
        byte[] hash = new byte[digest.getDigestSize()];
        digest.update(payload, 0, payload.length);
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        if (!signer.verifySignature(hash, r, s)) {
            throw invalid("signature does not verify against the registered key");
        }
    }

    /** Decodes SEQUENCE { INTEGER r, INTEGER s } and refuses any encoding but the one DER form. */
    static BigInteger[] decodeStrictDer(byte[] signature) {
        if (signature.length < 8 || signature.length > 140) {
            throw invalid("ECDSA signature has an impossible length");
        }
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(signature);
            ASN1Sequence seq = ASN1Sequence.getInstance(primitive);
            if (seq.size() != 2) {
                throw invalid("ECDSA signature is not a pair (r, s)");
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            byte[] reencoded = new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
            if (!Arrays.equals(reencoded, signature)) {
                throw invalid("ECDSA signature is not in canonical DER form");
            }
            return new BigInteger[] {r, s};
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw invalid("ECDSA signature is not DER");
        }
    }

    private static LedgerRuleException invalid(String why) {
        return new LedgerRuleException(ErrorCode.INVALID_SIGNATURE, why);
    }
}

package org.depa.ledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.Pem;

/** Hand-made ECDSA signatures of the shapes an attacker would try. */
public final class Signatures {
    private Signatures() {}

    /** The (r, s) of a DER ECDSA signature. */
    public static BigInteger[] decode(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(der);
            return new BigInteger[] {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("not a DER signature", e);
        }
    }

    public static byte[] encode(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same signature with s' = n - s: mathematically valid, but high-S, DER re-encoded. */
    public static byte[] highS(byte[] lowS, BigInteger n) {
        BigInteger[] rs = decode(lowS);
        if (rs[1].compareTo(n.shiftRight(1)) > 0) {
            throw new IllegalArgumentException("signature is already high-S");
        }
        return encode(rs[0], n.subtract(rs[1]));
    }

    /** The same (r, s) with the SEQUENCE length in BER long form (0x81 len): valid BER, not DER. */
    public static byte[] longFormLength(byte[] der) {
        if (der[0] != 0x30 || (der[1] & 0x80) != 0) {
            throw new IllegalArgumentException("expected a short-form DER sequence");
        }
        byte[] out = new byte[der.length + 1];
        out[0] = 0x30;
        out[1] = (byte) 0x81;
        System.arraycopy(der, 1, out, 2, der.length - 1);
        return out;
    }

    /** The same (r, s) with a superfluous leading zero byte in r (non-minimal INTEGER). */
    public static byte[] paddedR(byte[] der) {
        int rLen = der[3];
        byte[] out = new byte[der.length + 1];
        out[0] = 0x30;
        out[1] = (byte) (der[1] + 1);
        out[2] = 0x02;
        out[3] = (byte) (rLen + 1);
        out[4] = 0;
        System.arraycopy(der, 4, out, 5, der.length - 4);
        return out;
    }

    /**
     * A second, different but valid low-S P-256 signature over {@code payload}: random k instead of
     * RFC 6979, so it differs from the one LocalSigner makes.
     */
    public static byte[] randomP256(Credentials c, byte[] payload) {
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) Pem.privateKey(c.privateKeyPem());
        SHA256Digest d = new SHA256Digest();
        byte[] hash = new byte[32];
        d.update(payload, 0, payload.length);
        d.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(key, new SecureRandom()));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger n = key.getParameters().getN();
        BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
        return encode(rs[0], s);
    }

    public static BigInteger p384Order() {
        return org.bouncycastle.asn1.nist.NISTNamedCurves.getByName("P-384").getN();
    }

    public static BigInteger p256Order() {
        return org.bouncycastle.asn1.nist.NISTNamedCurves.getByName("P-256").getN();
    }
}

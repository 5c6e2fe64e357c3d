package org.depa.attestation;

import java.math.BigInteger;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/** The report's ECDSA P-384 / SHA-384 signature: r and s little-endian at 0x2A0 and 0x2E8, over [0, 0x2A0). */
final class ReportSignature {
    private static final BigInteger P384_ORDER =
            SECNamedCurves.getByName("secp384r1").getN();

    private ReportSignature() {}

    /**
     * Whether r and s are each in [1, n-1]. Checked separately from the verification so that an out-of-range
     * value has its own reason, and so the bound holds whatever the crypto library does with such values.
     */
    static boolean inRange(Report r, Findings f) {
        boolean ok = true;
        for (int field : new int[] {Report.SIGNATURE_R, Report.SIGNATURE_S}) {
            BigInteger v = component(r, field);
            if (v.signum() == 0 || v.compareTo(P384_ORDER) >= 0) {
                f.refuse(
                        ReasonCode.SIGNATURE_OUT_OF_RANGE,
                        (field == Report.SIGNATURE_R ? "r" : "s") + " is zero or not below the P-384 order");
                ok = false;
            }
        }
        return ok;
    }

    /** Verifies the signature; call only after {@link #inRange} held. */
    static boolean verify(Report r, ECPublicKeyParameters key) {
        byte[] signed = r.signedBytes();
        SHA384Digest digest = new SHA384Digest();
        digest.update(signed, 0, signed.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(hash, component(r, Report.SIGNATURE_R), component(r, Report.SIGNATURE_S));
    }

    /** The whole 72-byte little-endian field as an unsigned integer, so stray high bytes make it out of range. */
    static BigInteger component(Report r, int field) {
        byte[] le = r.slice(field, Report.SIGNATURE_COMPONENT_FIELD);
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}

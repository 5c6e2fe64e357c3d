package org.depa.audit.fabric;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/** Fabric's signatures: ECDSA with SHA-256 over the signed bytes, DER-encoded, low-S only (as Fabric's BCCSP). */
final class Signatures {
    /** How many signature verifications ran in this JVM (the throughput benchmark's denominator). */
    static final java.util.concurrent.atomic.LongAdder VERIFICATIONS = new java.util.concurrent.atomic.LongAdder();

    private Signatures() {}

    /** Null when {@code signature} by {@code key} over {@code data} is valid, otherwise why not. */
    static String check(PublicKey key, byte[] data, byte[] signature) {
        if (!(key instanceof ECPublicKey ec)) {
            return "the key is " + key.getAlgorithm() + ", not ECDSA";
        }
        BigInteger s;
        try (ASN1InputStream in = new ASN1InputStream(signature)) {
            ASN1Primitive p = in.readObject();
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2 || in.available() > 0) {
                return "the signature is not a DER sequence of r and s";
            }
            if (!java.util.Arrays.equals(p.getEncoded("DER"), signature)) {
                return "the signature is not in DER form";
            }
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "the signature cannot be parsed: " + e.getMessage();
        }
        BigInteger halfOrder = ec.getParams().getOrder().shiftRight(1);
        if (s.signum() <= 0 || s.compareTo(halfOrder) > 0) {
            return "the signature's S is not low (Fabric refuses malleable high-S signatures)";
        }
        VERIFICATIONS.increment();
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            v.update(data);
            return v.verify(signature) ? null : "the signature does not verify";
        } catch (GeneralSecurityException e) {
            return "the signature does not verify: " + e.getMessage();
        }
    }

    /** The certificates in {@code pem} (one or more PEM blocks, or one DER certificate). */
    static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : f.generateCertificates(new ByteArrayInputStream(pem))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return out;
    }

    /** The single certificate in {@code pem}; Fabric identities carry exactly one. */
    static X509Certificate certificate(byte[] pem) throws CertificateException {
        List<X509Certificate> all = certificates(pem);
        if (all.size() != 1) {
            throw new CertificateException("expected one certificate, found " + all.size());
        }
        return all.get(0);
    }
}

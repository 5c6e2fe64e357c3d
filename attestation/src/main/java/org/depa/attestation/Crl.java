package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/** A CRL as AMD's KDS issues it: signed by the product's ARK with RSASSA-PSS SHA-384. */
final class Crl {
    private final CertificateList list;
    private final Set<BigInteger> revoked = new HashSet<>();

    private Crl(CertificateList list) {
        this.list = list;
        TBSCertList.CRLEntry[] entries = list.getRevokedCertificates();
        for (TBSCertList.CRLEntry e : entries) {
            revoked.add(e.getUserCertificate().getValue());
        }
    }

    /** Parses a DER CRL; the caller handed it over, so a malformed one is a configuration error. */
    static Crl parse(byte[] der) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new IllegalArgumentException("CRL is not DER encoded");
            }
            return new Crl(CertificateList.getInstance(p));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a CRL", e);
        }
    }

    X500Name issuer() {
        return list.getIssuer();
    }

    boolean lists(BigInteger serial) {
        return revoked.contains(serial);
    }

    /** Why this CRL cannot be relied on for chains under {@code root}, if it cannot. */
    Optional<String> problem(ParsedCertificate root, Instant now) {
        if (!list.getSignatureAlgorithm().equals(list.getTBSCertList().getSignature())
                || !PssSha384.isExpected(list.getSignatureAlgorithm())) {
            return Optional.of("CRL is not signed with RSASSA-PSS SHA-384");
        }
        Optional<RSAKeyParameters> key = PssSha384.rsaKey(root.publicKeyInfo());
        byte[] tbs;
        try {
            tbs = list.getTBSCertList().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            return Optional.of("CRL cannot be encoded");
        }
        if (key.isEmpty()
                || list.getSignature().getPadBits() != 0
                || !PssSha384.verify(key.get(), tbs, list.getSignature().getOctets())) {
            return Optional.of("CRL signature does not verify under the root");
        }
        Instant thisUpdate = list.getThisUpdate().getDate().toInstant();
        if (now.isBefore(thisUpdate)) {
            return Optional.of("CRL is not yet valid (thisUpdate " + thisUpdate + ")");
        }
        if (list.getNextUpdate() != null) {
            Instant nextUpdate = list.getNextUpdate().getDate().toInstant();
            if (now.isAfter(nextUpdate)) {
                // A stale CRL would hide revocations made since; refusing makes the caller fetch a fresh one.
                return Optional.of("CRL is stale (nextUpdate " + nextUpdate + ")");
            }
        }
        return Optional.empty();
    }
}

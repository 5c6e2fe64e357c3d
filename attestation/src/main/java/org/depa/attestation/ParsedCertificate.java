package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * An X.509 certificate parsed strictly: a single DER object whose re-encoding is byte-for-byte the input, X.509
 * v3, with the inner and outer signature algorithms equal. Strict DER matters because a lenient parse lets many
 * byte strings stand for one certificate, and a mutated certificate must never verify.
 */
final class ParsedCertificate {
    private final byte[] der;
    private final Certificate cert;

    private ParsedCertificate(byte[] der, Certificate cert) {
        this.der = der;
        this.cert = cert;
    }

    /** Parses {@code der} strictly. */
    static ParsedCertificate parse(byte[] der) throws CertificateParsingException {
        Certificate cert;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                throw new CertificateParsingException("not DER encoded");
            }
            cert = Certificate.getInstance(primitive);
        } catch (IOException | RuntimeException e) {
            throw new CertificateParsingException(
                    "not an X.509 certificate (" + e.getClass().getSimpleName() + ")");
        }
        TBSCertificate tbs = cert.getTBSCertificate();
        if (tbs.getVersionNumber() != 3) {
            throw new CertificateParsingException("not an X.509 v3 certificate");
        }
        if (!tbs.getSignature().equals(cert.getSignatureAlgorithm())) {
            throw new CertificateParsingException("inner and outer signature algorithms differ");
        }
        if (cert.getSignature().getPadBits() != 0) {
            throw new CertificateParsingException("signature bit string has padding bits");
        }
        return new ParsedCertificate(der.clone(), cert);
    }

    byte[] der() {
        return der.clone();
    }

    X500Name subject() {
        return cert.getSubject();
    }

    X500Name issuer() {
        return cert.getIssuer();
    }

    /** The subject's single common name, or "" if it has none or several. */
    String subjectCommonName() {
        return commonName(cert.getSubject());
    }

    static String commonName(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return "";
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    BigInteger serial() {
        return cert.getSerialNumber().getValue();
    }

    AlgorithmIdentifier signatureAlgorithm() {
        return cert.getSignatureAlgorithm();
    }

    byte[] signature() {
        return cert.getSignature().getOctets();
    }

    byte[] tbsDer() throws IOException {
        return cert.getTBSCertificate().getEncoded(ASN1Encoding.DER);
    }

    SubjectPublicKeyInfo publicKeyInfo() {
        return cert.getSubjectPublicKeyInfo();
    }

    Instant notBefore() {
        return cert.getStartDate().getDate().toInstant();
    }

    Instant notAfter() {
        return cert.getEndDate().getDate().toInstant();
    }

    /** The extension with this OID, if present. */
    Optional<Extension> extension(ASN1ObjectIdentifier oid) {
        Extensions exts = cert.getTBSCertificate().getExtensions();
        return exts == null ? Optional.empty() : Optional.ofNullable(exts.getExtension(oid));
    }

    Optional<Extensions> extensions() {
        return Optional.ofNullable(cert.getTBSCertificate().getExtensions());
    }
}

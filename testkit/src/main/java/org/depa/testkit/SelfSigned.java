package org.depa.testkit;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.testkit.CertificateSigner.Profile;

/**
 * Self-signed certificates without extensions: the identities the ledger's tests register, since
 * the ledger checks a participant's key, algorithm and validity and not who issued it. Like the
 * ledger's own {@code Credentials.generate}, which main code (the quick start, the gateway's
 * submitter) keeps using.
 */
public final class SelfSigned {
    private SelfSigned() {}

    /** A key of {@code keyType} and a self-signed certificate for it; P-521 and RSA are for refusal tests. */
    public static Issued certificate(String commonName, KeyType keyType, Validity validity) {
        KeyPair pair = keyType.generate();
        X500Name name = CertificateSigner.commonName(commonName);
        X509Certificate certificate = CertificateSigner.sign(
                name, pair.getPublic(), name, pair.getPrivate(), keyType, validity, Profile.BARE, List.of());
        return new Issued(certificate, pair.getPrivate(), List.of(certificate));
    }

    /** A signing identity of the ledger's {@code algorithm}, in the ledger's form. */
    public static Credentials credentials(
            SignatureAlgorithm algorithm, String commonName, Instant notBefore, Instant notAfter) {
        return certificate(commonName, KeyType.of(algorithm), Validity.of(notBefore, notAfter))
                .credentials();
    }

    /** The PEM public key of a fresh key pair of {@code keyType}, for requests that carry a bare key. */
    public static String publicKeyPem(KeyType keyType) {
        return PemText.encode(keyType.generate().getPublic());
    }
}

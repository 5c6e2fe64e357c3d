package org.depa.attestation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/** Certificate tampering that keeps the DER well-formed, so that only the signature can catch it. */
final class Tamper {
    private Tamper() {}

    /** Flips one byte in the middle of the subject public key (for RSA: in the modulus). */
    static X509Certificate publicKey(X509Certificate cert) {
        byte[] der = der(cert);
        byte[] spki = cert.getPublicKey().getEncoded();
        int at = indexOf(der, spki);
        if (at < 0) {
            throw new IllegalStateException("public key not found in certificate");
        }
        der[at + spki.length / 2] ^= 0x01;
        return parse(der);
    }

    /** Flips the last byte of the certificate, which lies in its signature value. */
    static X509Certificate signature(X509Certificate cert) {
        byte[] der = der(cert);
        der[der.length - 1] ^= 0x01;
        return parse(der);
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate parse(byte[] der) {
        try {
            return CertificateLoader.parse(der).get(0);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}

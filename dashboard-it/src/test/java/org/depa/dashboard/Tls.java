package org.depa.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test side of the gateway's TLS: trust its CA only, and pin its certificate's key in the browser. */
final class Tls {
    private Tls() {}

    static X509Certificate certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("not a certificate: " + pem, e);
        }
    }

    /** An SSL context that trusts the certificates issued by the CA in {@code caPem} and nothing else. */
    static SSLContext trusting(Path caPem) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(caPem));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + caPem, e);
        }
    }

    /**
     * Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: the form Chromium's
     * {@code --ignore-certificate-errors-spki-list} takes. Chromium then accepts this one key (the
     * gateway's test certificate, whose CA it does not know) and still refuses every other.
     */
    static String spkiPin(Path certificatePem) throws IOException {
        byte[] spki = certificate(certificatePem).getPublicKey().getEncoded();
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

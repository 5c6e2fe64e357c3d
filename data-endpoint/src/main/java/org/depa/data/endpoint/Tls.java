package org.depa.data.endpoint;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM material, for both ends of the data endpoint. Trust is always an explicit,
 * non-empty list of certificates (the pinned CA or server certificate of the other end): there is
 * no way to build a context that trusts everything or the JDK's public roots.
 */
public final class Tls {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private Tls() {}

    /** Every certificate in {@code pem} (one or more {@code CERTIFICATE} blocks). */
    public static List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 {@code PRIVATE KEY} (EC, RSA or Ed25519). A secret: never put in a message. */
    public static PrivateKey privateKey(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is not a PEM PKCS#8 PRIVATE KEY", e);
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the private key is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    /**
     * A client TLS context that accepts exactly one server certificate, the one whose DER encoding
     * has SHA-256 {@code certificateSha256} (registered by the TDP with its data location), and only
     * while it is valid; presenting {@code key} with {@code chain} when not null. The host name is
     * still checked by the connection against the certificate.
     */
    public static SSLContext pinned(String certificateSha256, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("identity", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(
                    kmf == null ? null : kmf.getKeyManagers(),
                    new javax.net.ssl.TrustManager[] {new PinnedServer(certificateSha256)},
                    null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context trusting exactly {@code trust} and, when {@code key} is not null, presenting
     * {@code key} with its certificate {@code chain} (the certificate first).
     */
    public static SSLContext context(List<X509Certificate> trust, PrivateKey key, List<X509Certificate> chain) {
        if (trust == null || trust.isEmpty()) {
            throw new IllegalArgumentException(
                    "no trusted certificate given: the data endpoint's TLS never trusts all");
        }
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < trust.size(); i++) {
                trusted.setCertificateEntry("trusted-" + i, trust.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trusted);
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("identity", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }
}

package org.depa.kms.bridge.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.depa.attestation.CertificateLoader;
import org.depa.testkit.PemText;

/** TLS clients of {@link TlsResource}'s identities, trusting a CA of its directory. */
final class OwnerTls {
    private OwnerTls() {}

    /** Trusting {@code dir/ca.pem}, presenting {@code name}'s certificate (none for null). */
    static SSLContext as(Path dir, String name) throws Exception {
        return as(dir, name, "ca");
    }

    /** Trusting {@code dir/<trustedCa>.pem}, presenting {@code name}'s certificate (none for null). */
    static SSLContext as(Path dir, String name, String trustedCa) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "ca", CertificateLoader.load(dir.resolve(trustedCa + ".pem")).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (name != null) {
            PrivateKey key = PemText.parsePrivateKey(Files.readString(dir.resolve(name + "-key.pem")));
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            X509Certificate cert =
                    CertificateLoader.load(dir.resolve(name + ".pem")).get(0);
            own.setKeyEntry("me", key, "x".toCharArray(), List.of(cert).toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(own, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}

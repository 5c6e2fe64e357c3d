package org.depa.testkit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.depa.ledger.model.crypto.Credentials;

/**
 * A certificate with its private key and its chain, as testkit made it.
 *
 * @param chain the certificate first, then its issuers up to the root; just the certificate when it
 *     is self-signed. PKCS#12 key entries and TLS key managers want exactly this list.
 */
public record Issued(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
    public Issued {
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the certificate");
        }
    }

    public String certificatePem() {
        return PemText.encode(certificate);
    }

    /** PKCS#8, which carries the curve; the ledger's parsers and the JDK read it. A secret: no logs. */
    public String privateKeyPem() {
        return PemText.encodePrivateKey(privateKey);
    }

    public String publicKeyPem() {
        return PemText.encode(certificate.getPublicKey());
    }

    /** The same key and certificate in the ledger's form, for code that signs and registers with it. */
    public Credentials credentials() {
        return new Credentials(privateKeyPem(), certificatePem(), publicKeyPem());
    }

    @Override
    public String toString() {
        return "Issued[" + certificate.getSubjectX500Principal() + "]";
    }
}

package org.depa.gateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.depa.ledger.model.crypto.LocalSigner;

/**
 * A participant's key and certificate chain, read from a PKCS#12 file or from PEM files. The same
 * key authenticates to the gateway (TLS client certificate) and signs locally; it never leaves this
 * process.
 */
public final class ClientIdentity {
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private ClientIdentity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** Thrown when the key or certificate cannot be read. */
    public static final class IdentityException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IdentityException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ClientIdentity fromPkcs12(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (ks.isKeyEntry(alias)) {
                    Key k = ks.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new ClientIdentity((PrivateKey) k, chain);
                }
            }
            throw new IdentityException("no private key in " + file, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IdentityException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ClientIdentity fromPem(Path certificateFile, Path keyFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        try {
            List<X509Certificate> chain = certificates(certificateFile);
            if (chain.isEmpty()) {
                throw new IdentityException("no certificate in " + certificateFile, null);
            }
            try (PEMParser p = new PEMParser(new StringReader(Files.readString(keyFile)))) {
                Object o = p.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                PrivateKey key;
                if (o instanceof PrivateKeyInfo info) {
                    key = converter.getPrivateKey(info);
                } else if (o instanceof PEMKeyPair pair) {
                    key = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else {
                    throw new IdentityException("no unencrypted private key in " + keyFile, null);
                }
                return new ClientIdentity(key, chain);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IdentityException("cannot read " + certificateFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path pemFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : all) {
                out.add((X509Certificate) c);
            }
            return out;
        }
    }

    PrivateKey key() {
        return key;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    /** The participant's certificate, PEM: what the registry holds for it. */
    public String certificatePem() {
        return pem(chain.get(0));
    }

    /** A signer over the same key, for signing payloads locally. */
    public LocalSigner signer() {
        try {
            return LocalSigner.fromPem(pem(new JcaPKCS8Generator(key, null)));
        } catch (IOException e) {
            throw new IdentityException("cannot encode the private key for signing", e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IdentityException("cannot write PEM", e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}

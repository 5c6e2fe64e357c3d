package org.depa.ledger.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and keys the ledger must refuse: a curve it does not accept (P-521). */
public final class Certs {
    private Certs() {}

    private static KeyPair p521() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp521r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String p521Certificate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = p521();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            return pem(new JcaX509v3CertificateBuilder(
                            name, BigInteger.TEN, Date.from(notBefore), Date.from(notAfter), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA512withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String p521PublicKey() {
        return pem(p521().getPublic());
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

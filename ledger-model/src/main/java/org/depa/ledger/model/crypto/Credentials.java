package org.depa.ledger.model.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key pair and a self-signed certificate for it, as PEM. Used by the quick start, the demo and
 * tests to stand in for identities an organisation's CA would issue. The private key PEM is a
 * secret: callers write it to a file with owner-only permissions, never to a log.
 */
public record Credentials(String privateKeyPem, String certificatePem, String publicKeyPem) {

    @Override
    public String toString() {
        return "Credentials[certificate only]";
    }

    public static Credentials generate(
            SignatureAlgorithm algorithm, String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPair pair = keyPair(algorithm);
            X500Name subject = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"));
            BigInteger serial = new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
            X509CertificateHolder cert = new JcaX509v3CertificateBuilder(
                            subject, serial, Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
                    .build(signer(algorithm, pair));
            // PKCS#8, not the traditional SEC1 form: it carries the curve, which every parser needs.
            return new Credentials(
                    pem(new JcaPKCS8Generator(pair.getPrivate(), null)), pem(cert), pem(pair.getPublic()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate " + algorithm + " credentials", e);
        }
    }

    private static KeyPair keyPair(SignatureAlgorithm algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            case ECDSA_P256_SHA256 -> ec("secp256r1");
            case ECDSA_P384_SHA384 -> ec("secp384r1");
        };
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static ContentSigner signer(SignatureAlgorithm algorithm, KeyPair pair) throws OperatorCreationException {
        String name =
                switch (algorithm) {
                    case ED25519 -> "Ed25519";
                    case ECDSA_P256_SHA256 -> "SHA256withECDSA";
                    case ECDSA_P384_SHA384 -> "SHA384withECDSA";
                };
        return new JcaContentSignerBuilder(name).build(pair.getPrivate());
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}

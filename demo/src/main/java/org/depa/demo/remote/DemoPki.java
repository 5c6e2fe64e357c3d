package org.depa.demo.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * The demo's stand-in for the organisations' CA: one CA that issues the gateway's server
 * certificate and every participant's client certificate. Keys go to files readable by the owner
 * only, under the demo's own directory; a real deployment uses the organisations' MSP CAs.
 */
final class DemoPki {
    static final char[] PASSWORD = "demo-only".toCharArray();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    DemoPki(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        this.dir = Files.createDirectories(dir);
        this.caKeys = p256();
        X500Name name = new X500Name("CN=DEPA demo consortium CA");
        Instant now = Instant.now();
        this.ca = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                serial(),
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(365))),
                                name,
                                caKeys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        write(dir.resolve("ca.pem"), pem(ca));
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Issues the gateway's certificate (127.0.0.1, localhost); returns {cert, key} files. */
    Path[] server() throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = p256();
        X509Certificate cert = issue("gateway", keys, true);
        Path certFile = write(dir.resolve("server.pem"), pem(cert));
        Path keyFile = write(dir.resolve("server-key.pem"), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        return new Path[] {certFile, keyFile};
    }

    /** A participant's TLS identity: its PKCS#12 file (for the TLS client) and the same key and certificate as PEM. */
    record Client(Path keyStore, Credentials credentials) {}

    /**
     * Issues a client certificate for {@code name} over a fresh {@code algorithm} key and writes it
     * with its key as PKCS#12. The gateway registers a participant with the certificate it calls
     * with, so this one key also signs the participant's agreement and contracts.
     */
    Client client(String name, SignatureAlgorithm algorithm)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = algorithm == SignatureAlgorithm.ED25519
                ? KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                : keyPair(algorithm == SignatureAlgorithm.ECDSA_P384_SHA384 ? "secp384r1" : "secp256r1");
        X509Certificate cert = issue(name, keys, false);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", keys.getPrivate(), PASSWORD, new Certificate[] {cert, ca});
        Path file = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        ownerOnly(file);
        return new Client(
                file,
                new Credentials(pem(new JcaPKCS8Generator(keys.getPrivate(), null)), pem(cert), pem(keys.getPublic())));
    }

    private X509Certificate issue(String name, KeyPair keys, boolean server)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name(ca.getSubjectX500Principal().getName()),
                serial(),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(90))),
                new X500Name("CN=" + name),
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        ownerOnly(file);
        return file;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static KeyPair p256() throws GeneralSecurityException {
        return keyPair("secp256r1");
    }

    private static KeyPair keyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }
}

package org.depa.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.depa.testkit.CertificateSigner.Profile;

/**
 * A certificate authority made at test time, standing in for an organisation's CA: it issues the
 * participants' certificates and the certificates of both ends of a mutual-TLS connection. Nothing
 * it makes is committed; its key lives in memory, or in a directory a test chose (see {@link
 * #save}).
 */
public final class CertificateAuthority {
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final KeyType keyType;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, KeyType keyType) {
        this.certificate = certificate;
        this.key = key;
        this.keyType = keyType;
    }

    /** A P-256 CA named {@code CN=commonName}, valid from two days ago for ten years. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, KeyType.EC_P256);
    }

    public static CertificateAuthority create(String commonName, KeyType keyType) {
        KeyPair pair = keyType.generate();
        X500Name name = CertificateSigner.commonName(commonName);
        X509Certificate certificate = CertificateSigner.sign(
                name,
                pair.getPublic(),
                name,
                pair.getPrivate(),
                keyType,
                Validity.authority(),
                Profile.AUTHORITY,
                List.of());
        return new CertificateAuthority(certificate, pair.getPrivate(), keyType);
    }

    /**
     * Loads a CA that {@link #save} wrote. Quarkus starts test resources in another class loader
     * than the tests, so the PKI is handed over as files, not as objects.
     */
    public static CertificateAuthority load(Path dir, String name) {
        X509Certificate certificate = PemText.parseCertificate(read(dir.resolve(name + ".pem")));
        PrivateKey key = PemText.parsePrivateKey(read(dir.resolve(name + "-key.pem")));
        // A CA's own certificate is self-signed, so its signature algorithm tells the key type.
        KeyType type = Arrays.stream(KeyType.values())
                .filter(t -> t.signatureAlgorithm().equalsIgnoreCase(certificate.getSigAlgName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "CA " + name + " is signed with " + certificate.getSigAlgName() + ", no KeyType's algorithm"));
        return new CertificateAuthority(certificate, key, type);
    }

    /** Writes {@code name.pem} (the certificate) and {@code name-key.pem} (the key, owner-only) to {@code dir}. */
    public void save(Path dir, String name) {
        PemText.write(dir.resolve(name + ".pem"), certificatePem());
        PemText.writeSecret(dir.resolve(name + "-key.pem"), PemText.encodePrivateKey(key));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return PemText.encode(certificate);
    }

    /** A participant's certificate: an end entity that signs, with the key type and validity a test needs. */
    public Issued participant(String commonName, KeyType subjectKeyType, Validity validity) {
        return issue(commonName, subjectKeyType, validity, Profile.PARTICIPANT, List.of());
    }

    /** A P-256 participant certificate, valid now. */
    public Issued participant(String commonName) {
        return participant(commonName, KeyType.EC_P256, Validity.current());
    }

    /** A TLS client certificate (P-256, valid now); the gateway also takes it as the participant's certificate. */
    public Issued tlsClient(String commonName) {
        return tlsClient(commonName, KeyType.EC_P256);
    }

    /**
     * A TLS client certificate over a {@code subjectKeyType} key, valid now: the participant's
     * signing key is the one it authenticates with, so a participant that signs with Ed25519 calls
     * the gateway with an Ed25519 certificate.
     */
    public Issued tlsClient(String commonName, KeyType subjectKeyType) {
        return issue(commonName, subjectKeyType, Validity.current(), Profile.TLS_CLIENT, List.of());
    }

    /**
     * A TLS server certificate (P-256, valid now) for {@code hosts}: IP literals become iPAddress
     * names and the rest dNSName, which is how clients match the address they dialled.
     */
    public Issued tlsServer(String commonName, String... hosts) {
        return issue(commonName, KeyType.EC_P256, Validity.current(), Profile.TLS_SERVER, List.of(hosts));
    }

    /** A participant certificate that ended yesterday. */
    public Issued expired(String commonName) {
        return participant(commonName, KeyType.EC_P256, Validity.expired());
    }

    /** A participant certificate that starts tomorrow. */
    public Issued notYetValid(String commonName) {
        return participant(commonName, KeyType.EC_P256, Validity.notYetValid());
    }

    /** A PKCS#12 trust store holding only this CA's certificate. */
    public Path writeTrustStore(Path file, char[] password) {
        return Pkcs12.writeTrustStore(List.of(certificate), file, password);
    }

    private Issued issue(
            String commonName, KeyType subjectKeyType, Validity validity, Profile profile, List<String> hosts) {
        KeyPair pair = subjectKeyType.generate();
        X509Certificate issued = CertificateSigner.sign(
                CertificateSigner.commonName(commonName),
                pair.getPublic(),
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                key,
                keyType,
                validity,
                profile,
                hosts);
        return new Issued(issued, pair.getPrivate(), List.of(issued, certificate));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

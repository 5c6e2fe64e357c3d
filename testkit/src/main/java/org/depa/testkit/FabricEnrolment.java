package org.depa.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Enrols a client identity with a Fabric organisation's CA as network-config/network.sh makes it
 * (cryptogen layout: {@code crypto/peerOrganizations/<domain>/ca/} holds the CA certificate
 * {@code ca.<domain>-cert.pem} and its key {@code priv_sk}): a fresh P-256 key and a certificate
 * that CA signs with the {@code client} OU, so the organisation's MSP (NodeOUs enabled) takes it as
 * one of its clients. Each participant gets its own; the organisation's shared User1 is not used.
 *
 * <p>The files are written as a Fabric client reads them: {@code cert.pem} and {@code key.pem}
 * (PKCS#8, readable by the owner only). Enrolling again under the same directory keeps the identity
 * already there if the organisation's current CA signed it, so a participant keeps its key (the one
 * the ledger binds it to) across runs; one left from an older network's CA is replaced.
 */
public final class FabricEnrolment {
    /** Where an enrolment lives: its certificate and its key. */
    public record Enrolled(Path certificate, Path privateKey) {
        public String certificatePem() {
            return read(certificate);
        }
    }

    private FabricEnrolment() {}

    /**
     * The CA directory of the organisation whose users live in {@code usersDir} (LocalNetwork's
     * {@code Org.usersDir()}: {@code .../peerOrganizations/<domain>/users}).
     */
    public static Path caDirectory(Path usersDir) {
        return usersDir.toAbsolutePath().normalize().getParent().resolve("ca");
    }

    /**
     * The client identity in {@code dir}, enrolled now with the CA in {@code caDir} as
     * {@code CN=commonName, OU=client} unless {@code dir} already holds one.
     */
    public static Enrolled enrol(Path caDir, String commonName, Path dir) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        X509Certificate ca = PemText.parseCertificate(read(single(caDir, "-cert.pem")));
        if (Files.isRegularFile(cert) && Files.isRegularFile(key) && issuedBy(cert, ca)) {
            return new Enrolled(cert, key);
        }
        PrivateKey caKey = PemText.parsePrivateKey(read(caDir.resolve("priv_sk")));
        KeyPair pair = KeyType.EC_P256.generate();
        X509Certificate issued = CertificateSigner.fabricClient(
                commonName, pair.getPublic(), ca, caKey, KeyType.EC_P256, within(ca, Validity.current()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        // The key first: a directory with a certificate but no key is never taken as enrolled.
        PemText.writeSecret(key, PemText.encodePrivateKey(pair.getPrivate()));
        PemText.write(cert, PemText.encode(issued));
        return new Enrolled(cert, key);
    }

    /**
     * {@code wanted} clipped to the CA's own validity. Fabric's MSP checks the chain at the
     * certificate's notBefore (plus a second), so a certificate dated before its CA (a network whose
     * CA was made minutes ago, a certificate back-dated a day for clock skew) is "malformed".
     */
    static Validity within(X509Certificate ca, Validity wanted) {
        Instant caFrom = ca.getNotBefore().toInstant();
        Instant caTo = ca.getNotAfter().toInstant();
        Instant from = wanted.notBefore().isBefore(caFrom) ? caFrom : wanted.notBefore();
        Instant to = wanted.notAfter().isAfter(caTo) ? caTo : wanted.notAfter();
        return Validity.of(from, to);
    }

    /**
     * Whether the certificate in {@code cert} is signed by {@code ca} (not a leftover of an older
     * network) and dated within it (not one the MSP would refuse).
     */
    private static boolean issuedBy(Path cert, X509Certificate ca) {
        try {
            X509Certificate c = PemText.parseCertificate(read(cert));
            c.verify(ca.getPublicKey());
            return !c.getNotBefore().before(ca.getNotBefore());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Path single(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .toList();
            if (found.size() != 1) {
                throw new IllegalStateException(
                        "expected one *" + suffix + " in the organisation's CA directory " + dir + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the organisation's CA directory " + dir
                            + " (is the network up? network-config/network.sh up)",
                    e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package org.depa.demo.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.KeyType;
import org.depa.testkit.PemText;
import org.depa.testkit.Pkcs12;

/**
 * The demo's stand-in for the organisations' CA: one CA that issues the gateway's server
 * certificate and every participant's client certificate. The certificates come from testkit's CA
 * (the tests' own, since the demo is a convenience, not a deployment); this class only decides the
 * files: keys readable by the owner only, under the demo's own directory. A real deployment uses
 * the organisations' MSP CAs.
 */
final class DemoPki {
    static final char[] PASSWORD = "demo-only".toCharArray();

    /** A participant's TLS identity: its PKCS#12 file (for the TLS client) and the same key and certificate as PEM. */
    record Client(Path keyStore, Credentials credentials) {}

    private final Path dir;
    private final CertificateAuthority ca;

    DemoPki(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.ca = CertificateAuthority.create("DEPA demo consortium CA");
        PemText.write(caFile(), ca.certificatePem());
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Issues the gateway's certificate (127.0.0.1, localhost); returns {cert, key} files. */
    Path[] server() {
        Issued server = ca.tlsServer("gateway", "127.0.0.1", "localhost");
        Path certFile = PemText.write(dir.resolve("server.pem"), server.certificatePem());
        Path keyFile = PemText.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem());
        return new Path[] {certFile, keyFile};
    }

    /**
     * Issues a client certificate for {@code name} over a fresh {@code algorithm} key and writes it
     * with its key as PKCS#12. The gateway registers a participant with the certificate it calls
     * with, so this one key also signs the participant's agreement and contracts.
     */
    Client client(String name, SignatureAlgorithm algorithm) {
        Issued issued = ca.tlsClient(name, KeyType.of(algorithm));
        return new Client(Pkcs12.writeKeyStore(issued, dir.resolve(name + ".p12"), PASSWORD), issued.credentials());
    }
}

package org.depa.cli.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
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

    /** Issues a client certificate for {@code name} and writes it with its key as PKCS#12. */
    Path client(String name) {
        return Pkcs12.writeKeyStore(ca.tlsClient(name), dir.resolve(name + ".p12"), PASSWORD);
    }
}

package org.depa.kms.bridge.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;

/**
 * The bridge as a deployment runs it: HTTPS only, its server certificate from the organisation's TLS CA, the
 * owner's client certificate for its administrative routes. Writes, under one temporary directory the test reads
 * back through {@value #DIR}: the organisation CA, the owner's, a colleague's (same organisation, another party)
 * and another organisation's client identities (and that organisation's CA), and the server certificate.
 */
public class TlsResource extends EmulatorResource implements QuarkusTestResourceLifecycleManager {
    static final String DIR = "depa.test.tls-dir";

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("bridge-tls");
            CertificateAuthority org = CertificateAuthority.create("IcmrMSP TLS CA (test)");
            Files.writeString(dir.resolve("ca.pem"), org.certificatePem());
            write(dir, "server", org.tlsServer("kms-bridge icmr", "127.0.0.1", "localhost"));
            write(dir, "owner", org.tlsClient("icmr"));
            write(dir, "colleague", org.tlsClient("icmr-colleague"));
            CertificateAuthority otherOrg = CertificateAuthority.create("CowinMSP TLS CA (test)");
            Files.writeString(dir.resolve("other-ca.pem"), otherOrg.certificatePem());
            write(dir, "other-org", otherOrg.tlsClient("icmr"));
            Map<String, String> m = new HashMap<>(super.start());
            Map<String, String> tls = Map.of(
                    "depa.kms.tls.required",
                    "true",
                    "quarkus.http.insecure-requests",
                    "disabled",
                    "quarkus.http.ssl.client-auth",
                    "request",
                    "quarkus.tls.key-store.pem.0.cert",
                    dir.resolve("server.pem").toString(),
                    "quarkus.tls.key-store.pem.0.key",
                    dir.resolve("server-key.pem").toString(),
                    "quarkus.tls.trust-store.pem.certs",
                    dir.resolve("ca.pem").toString(),
                    OwnerGate.CA,
                    dir.resolve("ca.pem").toString(),
                    OwnerGate.OWNER,
                    dir.resolve("owner.pem").toString());
            // Both the plain and the %test names: the test profile's own values must not win.
            tls.forEach((k, v) -> {
                m.put(k, v);
                m.put("%test." + k, v);
            });
            m.put(DIR, dir.toString());
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path dir, String name, Issued issued) throws IOException {
        Files.writeString(dir.resolve(name + ".pem"), issued.certificatePem());
        Files.writeString(dir.resolve(name + "-key.pem"), issued.privateKeyPem());
    }
}

package org.depa.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.depa.ledger.model.Hashes;

/**
 * Makes the test PKI before the gateway starts: the organisations' CA (trusted), a foreign CA
 * (not trusted), the gateway's server certificate and an SRO operator certificate, and points
 * the gateway's TLS configuration at them.
 */
public final class TestPki implements QuarkusTestResourceLifecycleManager {
    public static final String DIR_PROPERTY = "depa.test.pki-dir";
    public static final String ORGANISATIONS = "SROMSP,ConsumerMSP,ProviderMSP,CcrMSP";

    private Path dir;
    private String organisations = ORGANISATIONS;

    @Override
    public void setContext(Context context) {
        if (FabricGatewayIT.FabricProfile.class.getName().equals(context.testProfile())) {
            // The local Fabric network has these three organisations only.
            organisations = "SROMSP,ProviderMSP,ConsumerMSP";
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("depa-gateway-pki");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCa ca = TestCa.create("consortium");
        ca.save(dir, "ca");
        TestCa.create("foreign").save(dir, "foreign");
        TestCa.Issued server = ca.server();
        TestCa.write(dir.resolve("server.pem"), server.certificatePem());
        TestCa.write(dir.resolve("server-key.pem"), server.privateKeyPem());
        TestCa.Issued sro = ca.client("sro-operator");
        ca.keyStore(sro, dir.resolve("sro.p12"));
        // The same operator as PEM files, for the depa command (which reads a PKCS#12 password only from the
        // environment).
        TestCa.write(dir.resolve("sro-cert.pem"), sro.certificatePem());
        TestCa.write(dir.resolve("sro-key.pem"), sro.privateKeyPem());
        ca.trustStore(dir.resolve("trust.p12"));
        String sroSha;
        try {
            sroSha = Hashes.sha256Hex(sro.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "quarkus.tls.key-store.pem.0.cert",
                dir.resolve("server.pem").toString(),
                "quarkus.tls.key-store.pem.0.key",
                dir.resolve("server-key.pem").toString(),
                "quarkus.tls.trust-store.pem.certs",
                dir.resolve("ca.pem").toString(),
                "quarkus.http.test-ssl-port",
                "0",
                "depa.gateway.organisations",
                ORGANISATIONS,
                "depa.gateway.sro-operators",
                sroSha,
                DIR_PROPERTY,
                dir.toString());
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.depa.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.testing.CleanRooms;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.PemText;
import org.depa.testkit.Pkcs12;

/**
 * Makes the test PKI before the gateway starts: the organisations' CA (trusted), a foreign CA
 * (not trusted), the gateway's server certificate and an SRO operator certificate, and points
 * the gateway's TLS configuration at them.
 */
public final class TestPki implements QuarkusTestResourceLifecycleManager {
    public static final String DIR_PROPERTY = "depa.test.pki-dir";
    /** The port the test CCR provider's job-output service listens on. */
    public static final String OUTPUTS_PORT_PROPERTY = "depa.test.job-outputs-port";
    /** The port the dashboard tests' CCR provider's job-output service listens on. */
    public static final String DASHBOARD_OUTPUTS_PORT_PROPERTY = "depa.test.dashboard-outputs-port";
    /** The token the test CCR provider issued to the gateway's organisations. */
    public static final String OUTPUTS_TOKEN = "jo-ccr-token-for-this-gateway";
    /** The port the test TDP's data endpoint listens on (SampleOverGatewayTest). */
    public static final String DATA_PORT_PROPERTY = "depa.test.data-endpoint-port";
    /** A port no data endpoint listens on: a TDP whose endpoint is down. */
    public static final String DATA_DOWN_PORT_PROPERTY = "depa.test.data-endpoint-down-port";
    /** The event-stream cap under test (BoundedServerTest fills it). */
    public static final int MAX_STREAMS = 8;

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
        CertificateAuthority ca = CertificateAuthority.create("consortium CA");
        ca.save(dir, "ca");
        CertificateAuthority.create("foreign CA").save(dir, "foreign");
        Issued server = ca.tlsServer("gateway", "127.0.0.1", "localhost");
        PemText.write(dir.resolve("server.pem"), server.certificatePem());
        PemText.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem());
        Issued sro = ca.tlsClient("sro-operator");
        Pkcs12.writeKeyStore(sro, dir.resolve("sro.p12"), Pkcs12.testPassword());
        // The same operator as PEM files, for the depa command (which reads a PKCS#12 password only from the
        // environment).
        PemText.write(dir.resolve("sro-cert.pem"), sro.certificatePem());
        PemText.writeSecret(dir.resolve("sro-key.pem"), sro.privateKeyPem());
        ca.writeTrustStore(dir.resolve("trust.p12"), Pkcs12.testPassword());
        String sroSha;
        try {
            sroSha = Hashes.sha256Hex(sro.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        java.util.Map<String, String> config = new java.util.HashMap<>(Map.of(
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
                dir.toString(),
                "depa.gateway.events.max-streams",
                Integer.toString(MAX_STREAMS),
                "depa.gateway.events.heartbeat",
                "PT1S",
                "depa.gateway.events.idle-timeout",
                "PT6S"));
        // Job outputs (JobOutputsOverGatewayTest): the CCR provider "jo-ccr"'s operator on a port chosen here, with
        // the token it issued to this gateway's organisations; "jo-ccr-down"'s operator never listens.
        int port = freePort();
        config.put(OUTPUTS_PORT_PROPERTY, Integer.toString(port));
        PemText.writeSecret(dir.resolve("jo-ccr.token"), OUTPUTS_TOKEN + "\n");
        for (String ccr : new String[] {"jo-ccr", "jo-ccr-down"}) {
            config.put(
                    "depa.gateway.job-outputs.\"" + ccr + "\".url",
                    "http://127.0.0.1:" + (ccr.equals("jo-ccr") ? port : freePort()));
            config.put(
                    "depa.gateway.job-outputs.\"" + ccr + "\".token-file",
                    dir.resolve("jo-ccr.token").toString());
        }
        // The dashboard's tests (DashboardPagesTest): their own CCR provider "db-ccr" and its operator, so they need
        // not
        // share "jo-ccr"'s participants with JobOutputsOverGatewayTest.
        int dashboardPort = freePort();
        config.put(DASHBOARD_OUTPUTS_PORT_PROPERTY, Integer.toString(dashboardPort));
        config.put("depa.gateway.job-outputs.\"db-ccr\".url", "http://127.0.0.1:" + dashboardPort);
        config.put(
                "depa.gateway.job-outputs.\"db-ccr\".token-file",
                dir.resolve("jo-ccr.token").toString());
        // TDP data endpoints (SampleOverGatewayTest): their CA, the one this gateway trusts for them; the gateway's
        // own client identity (from the consortium CA), which the test TDP's endpoint pins to ConsumerMSP.
        CertificateAuthority endpointCa = CertificateAuthority.create("tdp data endpoint CA");
        endpointCa.save(dir, "endpoint-ca");
        Issued endpointServer = endpointCa.tlsServer("tdp data endpoint", "127.0.0.1");
        PemText.write(dir.resolve("endpoint-server.pem"), endpointServer.certificatePem());
        PemText.writeSecret(dir.resolve("endpoint-server-key.pem"), endpointServer.privateKeyPem());
        Issued gatewayClient = ca.tlsClient("ConsumerMSP gateway");
        PemText.write(dir.resolve("gateway-client.pem"), gatewayClient.certificatePem());
        PemText.writeSecret(dir.resolve("gateway-client-key.pem"), gatewayClient.privateKeyPem());
        config.put(
                "depa.gateway.data-endpoints.trust",
                dir.resolve("endpoint-ca.pem").toString());
        config.put(
                "depa.gateway.data-endpoints.client-certificate",
                dir.resolve("gateway-client.pem").toString());
        config.put(
                "depa.gateway.data-endpoints.client-key",
                dir.resolve("gateway-client-key.pem").toString());
        config.put(DATA_PORT_PROPERTY, Integer.toString(freePort()));
        config.put(DATA_DOWN_PORT_PROPERTY, Integer.toString(freePort()));
        // The development switch for the emulated clean room whose report starts the test's run.
        config.put("depa.gateway.ledger.development-roots", CleanRooms.rootPin());
        return config;
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

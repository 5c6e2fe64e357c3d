package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.KeyType;
import org.depa.testkit.PemText;
import org.depa.testkit.Pkcs12;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 17: the dashboard's consortium page on the real network. A gateway process (gateway-api's
 * quarkus-run.jar, Fabric mode, serving the SRO's organisation) renders /dashboard for an SRO
 * operator: every peer and every Raft orderer of network.json is "OK" by its own operations
 * service's /healthz; with one orderer stopped (network.sh stop orderer-ORG) that orderer alone is
 * "not reachable", and its row says its operations service did not answer and only a TCP
 * connection was tried; the orderer is started again (network.sh up) before the test ends.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class DashboardNodesIT {
    private static final char[] PASSWORD = "fabric-it-only".toCharArray();
    private static final Pattern ROW = Pattern.compile(
            "<tr data-testid=\"node-([^\"]+)\">.*?<td data-testid=\"node-health\" data-health=\"([^\"]*)\">"
                    + ".*?<td data-testid=\"node-checked-by\">([^<]*)</td>");

    @Test
    void theConsortiumPageShowsEveryNodeUpAndAStoppedOrdererDown() throws Exception {
        LocalNetwork network = new LocalNetwork(Path.of(System.getProperty("depa.fabric.network")));
        Path dir = Files.createDirectories(Path.of("target", "dashboard-nodes-it"));
        NetworkControl control = new NetworkControl(network, dir);
        CertificateAuthority ca = CertificateAuthority.create("fabric-it dashboard CA");
        Path caFile = PemText.write(dir.resolve("ca.pem"), ca.certificatePem());
        Issued server = ca.tlsServer("gateway", "127.0.0.1", "localhost");
        Issued operator = ca.tlsClient("sro-operator", KeyType.EC_P256);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("depa.gateway.organisations", "SROMSP");
        config.put(
                "depa.gateway.sro-operators",
                Hashes.sha256Hex(operator.certificate().getEncoded()));
        config.put("depa.gateway.ledger.mode", "fabric");
        config.put(
                "depa.gateway.ledger.fabric-network",
                network.directory().toAbsolutePath().toString());
        config.put(
                "quarkus.tls.key-store.pem.0.cert",
                PemText.write(dir.resolve("server.pem"), server.certificatePem())
                        .toAbsolutePath()
                        .toString());
        config.put(
                "quarkus.tls.key-store.pem.0.key",
                PemText.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem())
                        .toAbsolutePath()
                        .toString());
        config.put("quarkus.tls.trust-store.pem.certs", caFile.toAbsolutePath().toString());
        Process gateway = null;
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            gateway = start(config, port, dir.resolve("gateway.log"));
            URI base = URI.create("https://127.0.0.1:" + port);
            awaitReady(GatewayClient.connect(base, null, caFile), gateway, dir.resolve("gateway.log"));
            GatewayClient sro = GatewayClient.connect(
                    base,
                    ClientIdentity.fromPkcs12(
                            Pkcs12.writeKeyStore(operator, dir.resolve("operator.p12"), PASSWORD), PASSWORD),
                    caFile);

            List<String> names = new ArrayList<>();
            network.organisations().forEach(o -> names.add(o.name()));
            network.orderers().forEach(o -> names.add(o.name()));
            Map<String, String[]> before = health(sro);
            System.out.println("dashboard nodes, all up: " + show(before));
            assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(network.orderers()).hasSize(3);
            assertThat(network.organisations()).hasSize(3);
            for (var node : before.entrySet()) {
                assertThat(node.getValue()[0]).as(node.getKey()).isEqualTo("OK");
                assertThat(node.getValue()[1])
                        .as(node.getKey())
                        .matches("operations service https://127\\.0\\.0\\.1:94\\d\\d/healthz");
            }

            LocalNetwork.Orderer stopped = network.orderers().get(1);
            control.script(Duration.ofMinutes(1), "stop", "orderer-" + stopped.organisation());
            Map<String, String[]> after = health(sro);
            System.out.println("dashboard nodes, " + stopped.name() + " stopped: " + show(after));
            for (String name : names) {
                assertThat(after.get(name)[0]).as(name).isEqualTo(name.equals(stopped.name()) ? "not reachable" : "OK");
            }
            assertThat(after.get(stopped.name())[1])
                    .startsWith("TCP connection to " + stopped.endpoint() + " only: its operations service at "
                            + stopped.operationsEndpoint() + " did not answer");
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor();
            }
            control.up();
        }
    }

    /** Node name to its health and how it was checked, as the consortium page shows them. */
    private static Map<String, String[]> health(GatewayClient sro) {
        String html = new String(sro.getBytes("/dashboard"), StandardCharsets.UTF_8);
        assertThat(html).contains("data-testid=\"nodes-table\"");
        Map<String, String[]> out = new LinkedHashMap<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            out.put(m.group(1), new String[] {m.group(2).trim(), m.group(3).trim()});
        }
        return out;
    }

    private static String show(Map<String, String[]> nodes) {
        StringBuilder s = new StringBuilder();
        nodes.forEach((name, h) -> s.append("\n  ")
                .append(name)
                .append(": ")
                .append(h[0])
                .append(" (")
                .append(h[1])
                .append(')'));
        return s.toString();
    }

    private static Process start(Map<String, String> config, int port, Path log) throws IOException {
        Path jar = Path.of(
                System.getProperty("depa.home", ".."), "gateway-api", "target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar)
                .as("build it with: mvn -q -pl gateway-api -am package -DskipTests")
                .isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.ssl-port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(GatewayClient anonymous, Process gateway, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            assertThat(gateway.isAlive())
                    .as("the gateway is running; see " + log)
                    .isTrue();
            try {
                anonymous.get("/q/health/ready");
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the gateway was not ready in 120 s; see " + log, e);
                }
                Thread.sleep(500);
            }
        }
    }
}

package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.depa.data.endpoint.Tls;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.kms.protocol.BridgeAdminClient;
import org.depa.ledger.model.Hashes;

/**
 * The deployment's kms-bridges over TLS (issue 11 item 5): each serves HTTPS only with a server certificate from
 * its party's organisation CA, a plain HTTP request to its port gets no answer, its administrative route admits the
 * party itself and refuses a colleague of the same organisation, the registered addresses pin the bridge's
 * certificate, and a bridge without its TLS material does not start (exit 2, naming the setting).
 */
final class BridgeTlsChecks {
    private BridgeTlsChecks() {}

    /** Right after {@code up}: https only, and the owner alone passes the administrative route. */
    static void assertHttpsOnlyAndOwnerOnly(Deployment deployment) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        List<DeploymentState.PartyEntry> bridged =
                state.parties().stream().filter(p -> !p.bridge().isEmpty()).toList();
        assertThat(bridged).hasSize(4);
        for (DeploymentState.PartyEntry p : bridged) {
            assertThat(p.bridge()).as(p.baseId()).startsWith("https://127.0.0.1:");
            URI bridge = URI.create(p.bridge());
            assertThat(plainHttpAnswer(bridge.getPort()))
                    .as("a plain HTTP request to %s's bridge port", p.baseId())
                    .doesNotStartWith("HTTP/");
            // The owner is admitted (its store is empty before the scenario: no key, not a refusal).
            assertThat(as(deployment, p, p).holds(bridge, "no-such-key")).isFalse();
            DeploymentState.PartyEntry colleague = state.parties().stream()
                    .filter(o -> o.mspId().equals(p.mspId()) && !o.id().equals(p.id()))
                    .findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> as(deployment, p, colleague).holds(bridge, "no-such-key"))
                    .as("%s's certificate at %s's bridge", colleague.baseId(), p.baseId())
                    .isInstanceOf(BridgeAdminClient.AdminException.class)
                    .hasMessageContaining("NOT_THE_KEY_OWNER");
        }
    }

    /** After the scenario: the owner's bridge holds {@code keyId}, asked over mutual TLS. */
    static void assertHolds(Deployment deployment, String baseId, String keyId) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        DeploymentState.PartyEntry p = state.party(baseId).orElseThrow();
        assertThat(as(deployment, p, p).holds(URI.create(p.bridge()), keyId)).isTrue();
    }

    /** The address a party registers for its bridge: its https URL pinning that bridge's server certificate. */
    static String pinnedAddress(Deployment deployment, DeploymentState.PartyEntry p) throws Exception {
        String pem = Files.readString(deployment.layout().bridgeServerCertificate(p.id()));
        return p.bridge() + "#tls-cert-sha256="
                + Hashes.sha256Hex(Tls.certificates(pem).get(0).getEncoded());
    }

    /** The packaged bridge with no TLS settings: exit 2 and the first missing setting named. */
    static void assertABridgeWithoutTlsMaterialDoesNotStart(Deployment deployment, Path dir) throws Exception {
        Path out = dir.resolve("bridge-without-tls.out");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Ddepa.kms.party-id=nobody",
                        "-Dquarkus.http.ssl-port=0",
                        "-jar",
                        deployment.layout().bridgeJar().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("a bridge without TLS material kept running: " + Files.readString(out));
        }
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isEqualTo(2);
        assertThat(text)
                .contains("kms-bridge: cannot start: quarkus.tls.key-store.pem.0.cert is not set")
                .doesNotContain("\tat ");
    }

    private static BridgeAdminClient as(
            Deployment deployment, DeploymentState.PartyEntry bridgeOf, DeploymentState.PartyEntry caller)
            throws Exception {
        Path own = deployment.layout().party(caller.id());
        SSLContext tls = Tls.context(
                Tls.certificates(Files.readString(deployment.layout().orgCa(bridgeOf.mspId()))),
                Tls.privateKey(Files.readString(own.resolve("tls-key.pem"))),
                Tls.certificates(Files.readString(own.resolve("tls-cert.pem"))));
        return new BridgeAdminClient(tls);
    }

    /** What a bridge's port answers to a plain HTTP request: "" when it closes the connection. */
    private static String plainHttpAnswer(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write("GET /q/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] b = s.getInputStream().readNBytes(64);
            return new String(b, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}

package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.demo.CovidDeployment;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.deployment.Seat;
import org.depa.demo.party.Party;
import org.depa.demo.remote.DeploymentConsortium;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.Role;

/**
 * Over the deployment, each TDP's dataset is registered at an https location of its own data endpoint
 * process, pinning that endpoint's certificate and the ciphertext's size, and the endpoint's access
 * log shows the clean room's download of it; the TDC fetches each sample through its own gateway.
 */
final class DataEndpointChecks {
    private DataEndpointChecks() {}

    static void assertDatasetsServedByTheirEndpoints(Deployment deployment) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        List<Seat> tdps = CovidDeployment.seats().stream()
                .filter(s -> s.role() == Role.TDP)
                .toList();
        assertThat(tdps).isNotEmpty();
        Seat tdc = CovidDeployment.seats().stream()
                .filter(s -> s.role() == Role.TDC)
                .findFirst()
                .orElseThrow();
        try (DeploymentConsortium c = DeploymentConsortium.open(deployment.layout(), state)) {
            Party reader = c.party(tdc.id(state.tag()), tdc.role(), tdc.mspId(), "TDC", tdc.algorithm());
            for (Seat tdp : tdps) {
                Path dir = deployment.layout().dataEndpoint(tdp.baseId());
                EndpointSettings endpoint = EndpointSettings.read(dir.resolve("endpoint.properties"));
                List<String> ids;
                try (Stream<Path> published = Files.list(endpoint.storeDir())) {
                    ids = published.map(p -> p.getFileName().toString()).toList();
                }
                assertThat(ids).as("datasets published by " + tdp.baseId()).hasSize(1);
                Dataset d = reader.ledger().evaluate(Datasets.GET, ids.get(0));
                assertThat(d.encryptedLocation())
                        .startsWith(endpoint.baseUri() + "v1/data/" + d.id() + "/ciphertext#tls-cert-sha256="
                                + endpoint.certificateSha256() + "&bytes=");
                assertThat(d.sampleLocation()).startsWith(endpoint.baseUri() + "v1/data/" + d.id() + "/sample#");
                // Its key-release address: its own bridge over https, pinning that bridge's certificate.
                assertThat(d.kmsEndpoint())
                        .isEqualTo(BridgeTlsChecks.pinnedAddress(
                                deployment, state.party(tdp.baseId()).orElseThrow()));
                BridgeTlsChecks.assertHolds(deployment, tdp.baseId(), d.keyId());
                assertThat(Files.readString(endpoint.stateDir().resolve("access.log")))
                        .as("the clean room downloaded %s from %s's endpoint", d.id(), tdp.baseId())
                        .contains("ciphertext dataset=\"" + d.id() + "\" from=\"127.0.0.1\" range=\"0-")
                        .contains("outcome=\"served\"");
                // Issue 11: the TDC fetches the sample through its own gateway, which fetches it from the TDP's
                // endpoint as the TDC's organisation: the bytes are the published ones, and the endpoint logged it.
                byte[] sample = c.gatewayOf(reader).getBytes("/v1/datasets/" + d.id() + "/sample");
                assertThat(sample)
                        .as("%s's sample through the TDC's gateway", d.id())
                        .isNotEmpty()
                        .isEqualTo(Files.readAllBytes(
                                endpoint.storeDir().resolve(d.id()).resolve("sample.csv")));
                // The endpoint logs after its last byte is out, so the client may be ahead of the line.
                String served = "participant=\"" + reader.id() + "\" via=\"gateway:" + tdc.mspId() + "\"";
                java.time.Instant deadline = java.time.Instant.now().plusSeconds(5);
                while (!Files.readString(endpoint.stateDir().resolve("access.log"))
                                .contains(served)
                        && java.time.Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(endpoint.stateDir().resolve("access.log")))
                        .as("the endpoint served the sample to the TDC's gateway, for the TDC")
                        .contains(served);
            }
        }
    }

    /**
     * The SRO's operators are not participants: the SRO's gateway refuses them a sample (403, as documented in
     * gateway-api's README), and the TDP's endpoint is never asked.
     */
    static void assertASampleIsRefusedToTheSrosOperator(Deployment deployment) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        Path op = deployment.layout().party("sro-operator");
        String sroGateway = state.components().stream()
                .filter(x -> x.kind().equals("gateway") && x.mspId().equals("SROMSP"))
                .findFirst()
                .orElseThrow()
                .url();
        GatewayClient sro = GatewayClient.connect(
                java.net.URI.create(sroGateway),
                ClientIdentity.fromPem(op.resolve("tls-cert.pem"), op.resolve("tls-key.pem")),
                deployment.layout().orgCa("SROMSP"));
        Seat icmr = CovidDeployment.seats().stream()
                .filter(s -> s.role() == Role.TDP)
                .findFirst()
                .orElseThrow();
        EndpointSettings endpoint = EndpointSettings.read(
                deployment.layout().dataEndpoint(icmr.baseId()).resolve("endpoint.properties"));
        String id;
        try (Stream<Path> published = Files.list(endpoint.storeDir())) {
            id = published.findFirst().orElseThrow().getFileName().toString();
        }
        String logBefore = Files.readString(endpoint.stateDir().resolve("access.log"));
        assertThatThrownBy(() -> sro.getBytes("/v1/datasets/" + id + "/sample"))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(403));
        assertThat(Files.readString(endpoint.stateDir().resolve("access.log")))
                .as("the gateway refused before asking the endpoint")
                .isEqualTo(logBefore);
    }
}

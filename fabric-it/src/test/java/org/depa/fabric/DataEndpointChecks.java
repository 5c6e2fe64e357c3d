package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.Role;

/**
 * Over the deployment, each TDP's dataset is registered at an https location of its own data endpoint
 * process, pinning that endpoint's certificate and the ciphertext's size, and the endpoint's access
 * log shows the clean room's download of it.
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
            }
        }
    }
}

package org.depa.demo.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.CertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's data endpoints as {@code up} provisions them: one per TDP and one for the TDC, ports from 8701, each
 * with its own TLS identity and the TDP's own enrolment, owner-only files, paths only on the command
 * line, and a relaunch that is the same command.
 */
class DataEndpointComponentsTest {
    @TempDir
    Path home;

    @Test
    void oneEndpointPerTdpWithItsOwnIdentityOwnerOnlyAndNoSecretOnTheCommandLine() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(home);
        for (String msp : List.of("SROMSP", "ProviderMSP")) {
            DeploymentLayout.ownerOnly(layout.org(msp));
            CertificateAuthority ca = CertificateAuthority.create(msp + " CA");
            Files.writeString(layout.orgCa(msp), ca.certificatePem());
            // What ConsortiumIdentities issues each organisation's gateway towards the data endpoints.
            Files.writeString(
                    layout.gatewayDataClient(msp),
                    ca.tlsClient("gateway " + msp, org.depa.testkit.KeyType.EC_P256)
                            .certificatePem());
        }
        List<Seat> seats = List.of(
                new Seat("icmr", Role.TDP, "ProviderMSP", SignatureAlgorithm.ECDSA_P256_SHA256),
                new Seat("ai-lab", Role.TDC, "ProviderMSP", SignatureAlgorithm.ECDSA_P256_SHA256),
                new Seat("cowin", Role.TDP, "ProviderMSP", SignatureAlgorithm.ED25519));
        DataEndpointComponents endpoints = new DataEndpointComponents(layout, "/the/class/path");

        List<ComponentLaunches.Launch> launches = endpoints.provision(seats, List.of("SROMSP", "ProviderMSP"), "d1");

        // The TDPs' endpoints first, then the TDC's (its sealed spec), whatever the seats' order.
        assertThat(launches)
                .extracting(ComponentLaunches.Launch::name)
                .containsExactly("data-icmr", "data-cowin", "data-ai-lab");
        assertThat(launches).extracting(ComponentLaunches.Launch::kind).containsOnly(DataEndpointComponents.KIND);
        assertThat(launches)
                .extracting(ComponentLaunches.Launch::url)
                .containsExactly("https://127.0.0.1:8701", "https://127.0.0.1:8702", "https://127.0.0.1:8703");
        Path dir = layout.dataEndpoint("icmr");
        Path props = dir.resolve("endpoint.properties");
        assertThat(launches.get(0).command())
                .endsWith("/the/class/path", "org.depa.data.endpoint.DataEndpointMain", props.toString())
                .noneMatch(arg -> arg.contains("PRIVATE KEY"));
        assertThat(launches.get(0).environment()).isEmpty();
        EndpointSettings icmr = EndpointSettings.read(props);
        assertThat(icmr.tdpId()).isEqualTo("icmr-d1");
        assertThat(icmr.port()).isEqualTo(8701);
        assertThat(icmr.ledger().getProperty("ledger")).isEqualTo("fabric");
        // Each organisation's gateway pinned to its organisation, so a member fetches a sample through its own.
        for (String msp : List.of("SROMSP", "ProviderMSP")) {
            String sha = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(org.depa.data.endpoint.Tls.certificates(
                                            Files.readString(layout.gatewayDataClient(msp)))
                                    .get(0)
                                    .getEncoded()));
            assertThat(icmr.gateways()).containsEntry(sha, msp);
        }
        // The gateways trust exactly the endpoints' certificates.
        assertThat(org.depa.data.endpoint.Tls.certificates(Files.readString(layout.dataEndpointsTrust())))
                .hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.dataEndpointsTrust())))
                .isEqualTo("rw-------");
        assertThat(icmr.ledger().getProperty("clientCertificate"))
                .isEqualTo(layout.party("icmr-d1").resolve("fabric/cert.pem").toString());
        assertThat(EndpointSettings.read(layout.dataEndpoint("cowin").resolve("endpoint.properties"))
                        .certificateSha256())
                .as("each endpoint has its own certificate")
                .isNotEqualTo(icmr.certificateSha256());
        assertThat(Files.readString(dir.resolve("client-cas.pem")))
                .contains("BEGIN CERTIFICATE")
                .doesNotContain("PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        for (String f : List.of("endpoint.properties", "server.pem", "server-key.pem", "client-cas.pem", "classpath")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
                    .as(f)
                    .isEqualTo("rw-------");
        }

        ComponentLaunches.Launch again = new ComponentLaunches(layout, "")
                .relaunch(
                        new DeploymentState("d1", false, List.of(), List.of()),
                        new DeploymentState.Component(
                                "data-icmr",
                                DataEndpointComponents.KIND,
                                launches.get(0).url(),
                                "ProviderMSP"));
        assertThat(again.command()).isEqualTo(launches.get(0).command());
        assertThat(endpoints.health(new DeploymentState.Component(
                        "data-icmr", DataEndpointComponents.KIND, "https://127.0.0.1:8701", "ProviderMSP")))
                .as("nothing listens yet")
                .startsWith("UNREACHABLE");
    }
}

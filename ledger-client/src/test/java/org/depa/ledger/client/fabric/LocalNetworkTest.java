package org.depa.ledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network description network.sh writes, as clients read it. */
class LocalNetworkTest {
    @TempDir
    Path dir;

    private static final String DESCRIPTION =
            """
            {"version":1,"channel":"depa","chaincode":"depa","script":"/x/network-config/network.sh",
             "organisations":[
              {"name":"sro","mspId":"SROMSP","domain":"sro.depa.local","usersDir":"crypto/sro/users",
               "peer":{"endpoint":"127.0.0.1:7051","hostOverride":"peer0.sro.depa.local",
                       "tlsCaFile":"crypto/sro/tlsca.pem","operationsEndpoint":"127.0.0.1:9444"}},
              {"name":"hospital","mspId":"HospitalMSP","domain":"hospital.depa.local","usersDir":"crypto/hospital/users",
               "peer":{"endpoint":"127.0.0.1:10051","hostOverride":"peer0.hospital.depa.local",
                       "tlsCaFile":"crypto/hospital/tlsca.pem","operationsEndpoint":"127.0.0.1:9449"}}],
             "orderers":[
              {"name":"orderer-sro","organisation":"sro","mspId":"SROOrdererMSP","endpoint":"127.0.0.1:7050",
               "hostOverride":"orderer0.orderer.sro.depa.local","tlsCaFile":"crypto/o/tlsca.pem",
               "adminEndpoint":"127.0.0.1:7053","operationsEndpoint":"127.0.0.1:9443","pidFile":"run/orderer-sro.pid"}]}
            """;

    private void user(String domain, String org) throws IOException {
        Path msp = dir.resolve("crypto/" + org + "/users/User1@" + domain + "/msp");
        Files.createDirectories(msp.resolve("signcerts"));
        Files.createDirectories(msp.resolve("keystore"));
        Files.writeString(msp.resolve("signcerts/cert.pem"), "cert");
        Files.writeString(msp.resolve("keystore/priv_sk"), "key");
    }

    @Test
    void readsOrganisationsAddedAtRunTimeWithTheirOwnPorts() throws IOException {
        Files.writeString(dir.resolve("network.json"), DESCRIPTION);
        user("hospital.depa.local", "hospital");
        LocalNetwork network = new LocalNetwork(dir);

        assertThat(network.exists()).isTrue();
        assertThat(network.mspIds()).containsExactly("SROMSP", "HospitalMSP");
        FabricSettings s = network.settings("HospitalMSP", "User1");
        assertThat(s.peerEndpoint()).isEqualTo("127.0.0.1:10051");
        assertThat(s.peerHostOverride()).isEqualTo("peer0.hospital.depa.local");
        assertThat(s.tlsRootCertificate()).isEqualTo(dir.resolve("crypto/hospital/tlsca.pem"));
        assertThat(s.certificate()).hasFileName("cert.pem");
        assertThat(s.privateKey()).hasFileName("priv_sk");
        assertThat(s.channel()).isEqualTo("depa");
        assertThat(network.orderers()).singleElement().satisfies(o -> {
            assertThat(o.endpoint()).isEqualTo("127.0.0.1:7050");
            assertThat(o.pidFile()).isEqualTo(dir.resolve("run/orderer-sro.pid"));
        });
        assertThat(network.script()).isEqualTo(Path.of("/x/network-config/network.sh"));
    }

    @Test
    void refusesAnOrganisationTheNetworkDoesNotHave() throws IOException {
        Files.writeString(dir.resolve("network.json"), DESCRIPTION);
        assertThatThrownBy(() -> new LocalNetwork(dir).settings("ConsumerMSP", "User1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no organisation ConsumerMSP")
                .hasMessageContaining("[SROMSP, HospitalMSP]");
    }

    @Test
    void namesTheMissingDescriptionAndTheCommandThatWritesIt() {
        LocalNetwork network = new LocalNetwork(dir);
        assertThat(network.exists()).isFalse();
        assertThatThrownBy(network::organisations)
                .hasMessageContaining("network.json")
                .hasMessageContaining("network.sh up");
    }

    @Test
    void namesTheFieldThatIsMissing() throws IOException {
        Files.writeString(dir.resolve("network.json"), DESCRIPTION.replace("\"endpoint\":\"127.0.0.1:7051\",", ""));
        assertThatThrownBy(() -> new LocalNetwork(dir).organisations())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'endpoint' is missing");
    }
}

package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Probe;
import org.depa.ledger.model.domain.ProbeWrite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A member joins the running network: {@code network.sh add-org}. It changes the network for good
 * (four members, MAJORITY now 3 of 4), so it runs only when asked ({@code -Ddepa.fabric.add-org=true}),
 * in fabric-it's last surefire execution, after every other network test; scripts/test.sh
 * starts its next run from a clean network when it finds an added member.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
@EnabledIfSystemProperty(named = "depa.fabric.add-org", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AddOrgIT {
    private static final String NAME = System.getProperty("depa.fabric.add-org-name", "hospital");
    private static final String MSP = Character.toUpperCase(NAME.charAt(0)) + NAME.substring(1) + "MSP";
    private static final String TAG = Long.toString(System.currentTimeMillis(), 36)
            + ThreadLocalRandom.current().nextInt(1000);
    private static NetworkControl control;

    @BeforeAll
    static void network() {
        control = new NetworkControl(
                new LocalNetwork(Path.of(System.getProperty("depa.fabric.network"))), Path.of("target", "add-org"));
        control.up();
    }

    @Test
    @Order(1)
    void oneMembersAdminAloneCannotAddAnOrganisation() {
        String intruder = "intruder" + ThreadLocalRandom.current().nextInt(1000);
        assertThatThrownBy(() -> control.script(Duration.ofMinutes(2), "add-org", intruder, "--signatures", "1"))
                .hasMessageContaining("the channel refused the config update adding")
                .hasMessageContaining("policy");
        assertThat(control.network().mspIds()).doesNotContain(intruderMsp(intruder));
    }

    @Test
    @Order(2)
    void theNewMembersClientsSubmitAndItsPeerEndorsesUnderMajorityOfFour() {
        control.script(Duration.ofMinutes(8), "add-org", NAME);
        LocalNetwork network = control.network();
        assertThat(network.mspIds()).contains("SROMSP", "ProviderMSP", "ConsumerMSP", MSP);

        try (FabricLedger hospital = FabricLedger.connect(network.settings(MSP, "User1"))) {
            // Its client submits through its own gateway peer; the gateway gathers a majority.
            ProbeWrite w = new TypedLedger(hospital).submit(Probe.WRITE, "joined-" + TAG);
            assertThat(w.key()).isEqualTo("joined-" + TAG);

            // Its peer's endorsement counts: with the SRO's and the provider's, three of four.
            byte[] committed = hospital.endorse(
                            Probe.WRITE.name(), new String[] {MSP, "SROMSP", "ProviderMSP"}, "three-" + TAG)
                    .submit();
            assertThat(Json.read(committed, ProbeWrite.class).key()).isEqualTo("three-" + TAG);

            // Two of four is no longer a majority: the commit is refused by the validators.
            LedgerClient.EndorsedTransaction two =
                    hospital.endorse(Probe.WRITE.name(), new String[] {"SROMSP", "ProviderMSP"}, "two-" + TAG);
            assertThatThrownBy(two::submit).isInstanceOfSatisfying(LedgerException.class, e -> {
                assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
                assertThat(e.code()).isEqualTo(ErrorCode.ENDORSEMENT_POLICY_FAILURE);
            });
        }

        // A founder's client still submits (the gateway now plans three endorsements).
        try (FabricLedger sro = FabricLedger.connect(network.settings("SROMSP", "User1"))) {
            assertThat(new TypedLedger(sro)
                            .submit(Probe.WRITE, "founder-" + TAG)
                            .key())
                    .isEqualTo("founder-" + TAG);
        }
    }

    private static String intruderMsp(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "MSP";
    }
}

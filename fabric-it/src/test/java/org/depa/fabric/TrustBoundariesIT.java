package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 15 on the Fabric network: the refusals the embedded ledger's KeyLevelEndorsementTest and
 * SameOrganisationImpersonationTest show, here enforced by Fabric's own validation (key-level
 * endorsement policies) and by the chaincode on every peer (client binding).
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class TrustBoundariesIT {
    private static FabricWorld world;
    private static FabricWorld.Party tdp;

    @BeforeAll
    static void setUp() {
        world = new FabricWorld(Path.of(System.getProperty("depa.fabric.network")));
        world.setUp();
        tdp = world.onboard("trust-tdp", Role.TDP, "ProviderMSP");
    }

    @AfterAll
    static void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    private static void refusedAtValidation(LedgerClient client, String[] orgs, String function, String argument) {
        LedgerClient.EndorsedTransaction tx = endorseOn(client, orgs, function, argument);
        assertThatThrownBy(tx::submit).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
            assertThat(e.code()).isEqualTo(ErrorCode.ENDORSEMENT_POLICY_FAILURE);
        });
    }

    /**
     * Endorses on the named organisations' peers. Right after the network starts, a gateway's
     * discovery may not know another organisation's peer yet (gossip): that is retried briefly.
     */
    private static LedgerClient.EndorsedTransaction endorseOn(
            LedgerClient client, String[] orgs, String function, String argument) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.endorse(function, orgs, argument);
            } catch (LedgerException e) {
                if (e.stage() != LedgerException.Stage.UNAVAILABLE || attempt == 15) {
                    throw e;
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static DatasetRequest dataset(String id, String total) {
        return new DatasetRequest(
                id,
                tdp.id(),
                id,
                "trust boundary test data",
                List.of(new SchemaField("mobile", "string", null)),
                "file:///sample",
                "file:///enc",
                Hashes.sha256Hex(id),
                "https://127.0.0.1:8443/kms",
                "key",
                new DatasetTerms(
                        List.of("TRAINING"),
                        100L,
                        "INR",
                        new BigDecimal("2"),
                        new BigDecimal(total),
                        new BigDecimal("0.01")));
    }

    @Test
    void theSroIsTheLedgersNotAProcessSetting() {
        Governance g = world.sro().evaluate(Participants.GET_GOVERNANCE);
        assertThat(g.sroMspId()).isEqualTo("SROMSP");
        assertThat(g.memberMspIds()).containsExactly("ConsumerMSP", "ProviderMSP", "SROMSP");
    }

    /** The forgery: two non-SRO organisations' peers endorse a measurement certification. */
    @Test
    void aCertificationEndorsedByTwoNonSroOrganisationsIsInvalidAtValidation() {
        String measurement = Hashes.sha256Hex(world.tag).substring(0, 32) + "d".repeat(64);
        refusedAtValidation(
                world.client("SROMSP"),
                new String[] {"ProviderMSP", "ConsumerMSP"},
                Measurements.CERTIFY.name(),
                FabricWorld.json(new CertifyMeasurementRequest(measurement, "forged", new Tcb(0, 0, 0, 0))));
        assertThatThrownBy(() -> world.sro().evaluate(Measurements.GET, measurement))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aDatasetChangeEndorsedWithoutTheOwnersOrganisationIsInvalidAtValidation() {
        String id = world.id("trust-ds");
        tdp.ledger().submit(Datasets.REGISTER, dataset(id, "10"));
        refusedAtValidation(
                tdp.client(),
                new String[] {"SROMSP", "ConsumerMSP"},
                Datasets.UPDATE.name(),
                FabricWorld.json(dataset(id, "100")));
        refusedAtValidation(
                tdp.client(),
                new String[] {"SROMSP", "ConsumerMSP"},
                Datasets.WITHDRAW.name(),
                FabricWorld.json(new WithdrawDatasetRequest(id, tdp.id(), "forged")));
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, id).totalEpsilon()).isEqualByComparingTo("10");
        // With the owner's organisation endorsing (discovery chooses it), the same change commits.
        tdp.ledger().submit(Datasets.UPDATE, dataset(id, "12"));
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, id).totalEpsilon()).isEqualByComparingTo("12");
    }

    /** The organisation's admin (another client of ProviderMSP) acting for the TDP: refused by every peer. */
    @Test
    void anotherClientOfTheSameOrganisationCannotActForTheParticipant() {
        String id = world.id("trust-ds2");
        tdp.ledger().submit(Datasets.REGISTER, dataset(id, "10"));
        try (FabricLedger admin = FabricLedger.connect(world.network.settings("ProviderMSP", "Admin"))) {
            assertThatThrownBy(() -> new TypedLedger(admin).submit(Datasets.UPDATE, dataset(id, "100")))
                    .isInstanceOfSatisfying(
                            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_CLIENT));
            assertThatThrownBy(() -> new TypedLedger(admin)
                            .submit(Datasets.WITHDRAW, new WithdrawDatasetRequest(id, tdp.id(), "hostile")))
                    .isInstanceOfSatisfying(
                            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_CLIENT));
        }
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, id).totalEpsilon()).isEqualByComparingTo("10");
    }
}

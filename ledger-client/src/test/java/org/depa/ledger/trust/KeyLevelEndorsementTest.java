package org.depa.ledger.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.World.json;

import java.nio.file.Path;
import java.time.Duration;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Refusals;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 2, on the embedded ledger: rules no majority can bypass. The chaincode sets
 * key-level endorsement policies, and the embedded ledger validates them at commit as Fabric's
 * validator does, so a write endorsed by the wrong organisations is refused with
 * ENDORSEMENT_POLICY_FAILURE at stage COMMIT and changes nothing. The members are the network's
 * three organisations: SROMSP, ProviderMSP and ConsumerMSP.
 */
class KeyLevelEndorsementTest {
    private static final String MEASUREMENT_2 = "c".repeat(96);
    private static final String[] WITHOUT_SRO = {"ProviderMSP", "ConsumerMSP"};

    private World w;
    private Party tdp;

    @BeforeEach
    void setUp() {
        w = World.shared();
        w.publishAgreement("v1");
        tdp = w.onboard("icmr", Role.TDP, "ProviderMSP");
        w.onboard("tdc", Role.TDC, "ConsumerMSP");
        w.registerDataset(tdp, "icmr-data", "10");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    /** Endorses {@code function} on {@code orgs} only, then commits: must be refused at validation. */
    private void refusedAtValidation(LedgerClient client, String[] orgs, String function, String argument) {
        long height = w.ledger.height();
        LedgerClient.EndorsedTransaction tx = client.endorse(function, orgs, argument);
        LedgerException e = Refusals.refused(ErrorCode.ENDORSEMENT_POLICY_FAILURE, tx::submit);
        assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
        assertThat(w.ledger.height()).as("nothing committed").isEqualTo(height);
    }

    private static String certify(String measurement) {
        return json(new CertifyMeasurementRequest(measurement, "forged image", new Tcb(3, 0, 8, 115)));
    }

    @Nested
    class SroGovernedKeys {
        @Test
        void aMeasurementCertificationEndorsedByTwoNonSroOrganisationsIsInvalid() {
            refusedAtValidation(w.sro, WITHOUT_SRO, Measurements.CERTIFY.name(), certify(MEASUREMENT_2));
            Refusals.refused(ErrorCode.NOT_FOUND, () -> w.sroLedger().evaluate(Measurements.GET, MEASUREMENT_2));
        }

        @Test
        void theSameCertificationWithTheSroAndOneOtherIsValid() {
            w.sro.endorse(Measurements.CERTIFY.name(), new String[] {"SROMSP", "ConsumerMSP"}, certify(MEASUREMENT_2))
                    .submit();
            assertThat(w.sroLedger()
                            .evaluate(Measurements.GET, MEASUREMENT_2)
                            .status()
                            .name())
                    .isEqualTo("CERTIFIED");
        }

        @Test
        void theSroAloneIsNotAMajority() {
            refusedAtValidation(w.sro, new String[] {"SROMSP"}, Measurements.CERTIFY.name(), certify(MEASUREMENT_2));
        }

        @Test
        void aVerificationOrSuspensionWithoutTheSroIsInvalid() {
            w.register("cowin", Role.TDP, "ProviderMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            refusedAtValidation(
                    w.sro, WITHOUT_SRO, Participants.VERIFY.name(), json(new ParticipantStatusRequest("cowin", null)));
            refusedAtValidation(
                    w.sro,
                    WITHOUT_SRO,
                    Participants.SUSPEND.name(),
                    json(new ParticipantStatusRequest("icmr", "forged")));
            assertThat(w.sroLedger().evaluate(Participants.GET, "cowin").status())
                    .isEqualTo(ParticipantStatus.PENDING);
        }

        @Test
        void anAgreementWithoutTheSroIsInvalid() {
            refusedAtValidation(
                    w.sro,
                    WITHOUT_SRO,
                    Participants.PUBLISH_AGREEMENT.name(),
                    json(new PublishAgreementRequest("v2", Hashes.sha256Hex("forged"))));
            assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT).version())
                    .isEqualTo("v1");
        }
    }

    @Nested
    class DatasetKeys {
        @Test
        void aDatasetChangeEndorsedWithoutTheOwnersOrganisationIsInvalid() {
            DatasetRequest r = World.datasetRequest("icmr-data", "icmr", "100");
            refusedAtValidation(tdp.client(), new String[] {"SROMSP", "ConsumerMSP"}, Datasets.UPDATE.name(), json(r));
            refusedAtValidation(
                    tdp.client(),
                    new String[] {"SROMSP", "ConsumerMSP"},
                    Datasets.WITHDRAW.name(),
                    json(new WithdrawDatasetRequest("icmr-data", "icmr", "forged")));
            assertThat(w.sroLedger().evaluate(Datasets.GET_BUDGET, "icmr-data").totalEpsilon())
                    .isEqualByComparingTo("10");
        }

        @Test
        void withTheOwnersOrganisationAndOneOtherItIsValid() {
            DatasetRequest r = World.datasetRequest("icmr-data", "icmr", "12");
            tdp.client()
                    .endorse(Datasets.UPDATE.name(), new String[] {"ProviderMSP", "SROMSP"}, json(r))
                    .submit();
            assertThat(w.sroLedger().evaluate(Datasets.GET_BUDGET, "icmr-data").totalEpsilon())
                    .isEqualByComparingTo("12");
        }
    }

    @Nested
    class ChaincodePolicy {
        @Test
        void aWriteWithoutKeyPoliciesStillNeedsAMajority() {
            Credentials c = w.keys()
                    .generate(
                            SignatureAlgorithm.ECDSA_P256_SHA256,
                            "lonely",
                            World.START.minus(Duration.ofDays(1)),
                            World.START.plus(Duration.ofDays(30)));
            LedgerClient sroClient = w.client("SROMSP", "lonely-client");
            refusedAtValidation(
                    sroClient,
                    new String[] {"SROMSP"},
                    Participants.REGISTER.name(),
                    json(new org.depa.ledger.model.tx.RegisterParticipantRequest(
                            "lonely", Role.AUDITOR, "SROMSP", "lonely", c.certificatePem())));
        }
    }

    @Nested
    class SroFromTheLedger {
        @TempDir
        Path dir;

        private LedgerIdentity identity(String msp, String name) {
            return new LedgerIdentity(
                    msp,
                    SelfSigned.credentials(
                                    SignatureAlgorithm.ECDSA_P256_SHA256,
                                    name,
                                    java.time.Instant.now().minus(Duration.ofDays(1)),
                                    java.time.Instant.now().plus(Duration.ofDays(30)))
                            .certificatePem());
        }

        @Test
        void aProcessRestartedWithAnotherSroSettingChangesNothing() {
            LedgerIdentity sro = identity("SROMSP", "sro");
            LedgerIdentity provider = identity("ProviderMSP", "provider");
            try (EmbeddedLedger first = EmbeddedLedger.builder().directory(dir).open()) {
                new TypedLedger(first.connect(sro))
                        .submit(
                                Participants.PUBLISH_AGREEMENT,
                                new PublishAgreementRequest("v1", Hashes.sha256Hex("text")));
            }
            // The attack of the issue: processes restarted with DEPA_SRO_MSP_ID=ProviderMSP.
            try (EmbeddedLedger restarted = EmbeddedLedger.builder()
                    .directory(dir)
                    .sroMspId("ProviderMSP")
                    .open()) {
                Governance g = new TypedLedger(restarted.connect(provider)).evaluate(Participants.GET_GOVERNANCE);
                assertThat(g.sroMspId()).isEqualTo("SROMSP");
                assertThat(g.agreement().version()).isEqualTo("v1");
                Refusals.refused(ErrorCode.NOT_SRO, () -> new TypedLedger(restarted.connect(provider))
                        .submit(
                                Measurements.CERTIFY,
                                new CertifyMeasurementRequest(MEASUREMENT_2, "forged", new Tcb(3, 0, 8, 115))));
                new TypedLedger(restarted.connect(sro))
                        .submit(
                                Measurements.CERTIFY,
                                new CertifyMeasurementRequest(MEASUREMENT_2, "real", new Tcb(3, 0, 8, 115)));
            }
        }

        @Test
        void onlyTheBootstrapSroMayInitialise() {
            try (EmbeddedLedger ledger = EmbeddedLedger.builder().open()) {
                Refusals.refused(ErrorCode.NOT_SRO, () -> new TypedLedger(ledger.connect(identity("ProviderMSP", "p")))
                        .submit(
                                Participants.PUBLISH_AGREEMENT,
                                new PublishAgreementRequest("v1", Hashes.sha256Hex("text"))));
                Refusals.refused(
                        ErrorCode.NOT_FOUND, () -> new TypedLedger(ledger.connect(identity("ProviderMSP", "p")))
                                .evaluate(Participants.GET_GOVERNANCE));
            }
        }
    }
}

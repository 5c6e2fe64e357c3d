package org.depa.ledger.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetStatus;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.BindClientRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 1: a participant is its client identity, not its organisation. In each case a
 * hostile client of the victim's own organisation (another member's client, or the organisation's
 * admin) tries a write in the victim's name and is refused with WRONG_CLIENT, nothing committed;
 * the victim's own client then succeeds where the rule allows.
 */
class SameOrganisationImpersonationTest {
    private Scenario s;
    private World w;
    /** A client of icmr's organisation that is not icmr's bound client (a colleague, or the admin). */
    private TypedLedger icmrColleague;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        icmrColleague = new TypedLedger(w.client("IcmrMSP", "icmr-colleague"));
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private static DatasetRequest changed(DatasetRequest r, DatasetTerms terms, String kmsEndpoint) {
        return new DatasetRequest(
                r.id(),
                r.ownerId(),
                r.name(),
                r.description(),
                r.schema(),
                r.sampleLocation(),
                r.encryptedLocation(),
                r.ciphertextSha256(),
                kmsEndpoint,
                r.keyId(),
                terms);
    }

    private static DatasetTerms terms(DatasetRequest r, long priceMinor, String totalEpsilon) {
        DatasetTerms t = r.terms();
        return new DatasetTerms(
                t.allowedPurposes(),
                priceMinor,
                t.currency(),
                t.maxEpsilonPerContract(),
                new java.math.BigDecimal(totalEpsilon),
                t.delta());
    }

    private Dataset dataset() {
        return w.sroLedger().evaluate(Datasets.GET, Scenario.ICMR_DATA);
    }

    @Nested
    class Datasets_ {
        private final DatasetRequest original = World.datasetRequest(Scenario.ICMR_DATA, "icmr", "10");

        @Test
        void aColleagueCannotRegisterADatasetInTheOwnersName() {
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(Datasets.REGISTER, World.datasetRequest("icmr-more", "icmr", "5")));
        }

        @Test
        void aColleagueCannotRaiseTheTotalBudget() {
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Datasets.UPDATE, changed(original, terms(original, 1000, "100"), original.kmsEndpoint())));
            assertThat(s.budget(Scenario.ICMR_DATA).totalEpsilon()).isEqualByComparingTo("10");
        }

        @Test
        void aColleagueCannotCutThePrice() {
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Datasets.UPDATE, changed(original, terms(original, 1, "10"), original.kmsEndpoint())));
            assertThat(dataset().terms().priceMinor()).isEqualTo(1000L);
        }

        @Test
        void aColleagueCannotRedirectTheKmsEndpoint() {
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Datasets.UPDATE, changed(original, original.terms(), "https://attacker.example/kms")));
            assertThat(dataset().kmsEndpoint()).isEqualTo(original.kmsEndpoint());
        }

        @Test
        void aColleagueCannotWithdrawTheDataset() {
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Datasets.WITHDRAW, new WithdrawDatasetRequest(Scenario.ICMR_DATA, "icmr", "hostile")));
            assertThat(dataset().status()).isEqualTo(DatasetStatus.AVAILABLE);
        }

        @Test
        void theOwnersOwnClientStillCan() {
            Dataset d = s.icmr.ledger()
                    .submit(Datasets.UPDATE, changed(original, terms(original, 1200, "12"), original.kmsEndpoint()));
            assertThat(d.revision()).isEqualTo(2);
        }
    }

    @Nested
    class KeyReleases {
        @Test
        void aColleagueCannotRecordAKeyReleaseByTheTdp() {
            s.active("c1", "1");
            s.startRun("c1", "r1");
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Runs.RECORD_KEY_RELEASE, s.releaseRequest(s.icmr, "r1", Scenario.ICMR_DATA)));
            assertThat(w.sroLedger().evaluate(Runs.KEY_RELEASES, "r1")).isEmpty();
            s.release(s.icmr, "r1", Scenario.ICMR_DATA);
        }
    }

    @Nested
    class Contracts_ {
        @Test
        void aColleagueCannotRevokeInTheTdpsName() {
            s.active("c1", "1");
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(Contracts.REVOKE, new ContractActionRequest("c1", "icmr", "hostile")));
            assertThat(s.contract("c1").status().name()).isEqualTo("ACTIVE");
        }

        @Test
        void aColleagueCannotSignInTheTdpsName() {
            s.draft("c1", "1");
            // Even with icmr's real signature (say, copied from a draft it circulated), only icmr's client may post it.
            String signature = s.icmr.signBase64(
                    Base64.getDecoder().decode(w.signingRequest("c1").payloadBase64()));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(Contracts.SIGN, new SignContractRequest("c1", 1, "icmr", signature)));
        }

        @Test
        void aColleagueOfTheTdcCannotProposeAmendOrActivate() {
            TypedLedger tdcColleague = new TypedLedger(w.client("ConsumerMSP", "tdc-colleague"));
            w.refuse(ErrorCode.WRONG_CLIENT, () -> tdcColleague.submit(Contracts.PROPOSE, s.proposal("c9", "1")));
            s.signed("c1", "1");
            w.refuse(ErrorCode.WRONG_CLIENT, () -> tdcColleague.submit(Contracts.AMEND, s.proposal("c1", "0.5")));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> tdcColleague.submit(Contracts.ACTIVATE, new ContractActionRequest("c1", "tdc", null)));
        }
    }

    @Nested
    class Runs_ {
        @Test
        void aColleagueOfTheCcrProviderCannotStartFailOrSubmitTheReceipt() {
            TypedLedger ccrColleague = new TypedLedger(w.client("CcrMSP", "ccr-colleague"));
            s.active("c1", "1");
            Credentials key = s.runKey("r0");
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(
                            Runs.START, World.startRequest(s.ccr, "r0", "c1", key, World.CHIP_ID, World.REPORTED_TCB)));
            s.startRun("c1", "r1");
            s.releaseAll("c1", "r1");
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Runs.SUBMIT_RECEIPT, s.receipt(s.body("c1", "r1", "1"))));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Runs.FAIL, new FailRunRequest("r1", "ccr", "hostile")));
            assertThat(s.run("r1").status().name()).isEqualTo("STARTED");
        }
    }

    @Nested
    class Payments_ {
        @Test
        void aColleagueOfTheTdcCannotDeclareTheSettlement() {
            s.active("c1", "1");
            s.complete("c1", "r1", "1");
            TypedLedger tdcColleague = new TypedLedger(w.client("ConsumerMSP", "tdc-colleague"));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> tdcColleague.submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest("c1.icmr", "tdc", 31337L, "0x" + "ab".repeat(32), 1L)));
        }

        @Test
        void aColleagueOfTheRelayCannotRecordASettlementOrAReasonForIt() {
            s.active("c1", "1");
            s.complete("c1", "r1", "1");
            w.onboard("relay", org.depa.ledger.model.domain.Role.PAYMENT_RELAY, "RelayMSP");
            TypedLedger relayColleague = new TypedLedger(w.client("RelayMSP", "relay-colleague"));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> relayColleague.submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest("c1.icmr", "relay", 31337L, "0x" + "ab".repeat(32), 1L, 3L)));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> relayColleague.submit(
                            Payments.DEFER,
                            new org.depa.ledger.model.tx.DeferPaymentRequest("c1.icmr", "relay", "not funded")));
            assertThat(s.payment("c1.icmr").pendingReason()).isNull();
            assertThat(s.payment("c1.icmr").status().name()).isEqualTo("PENDING");
        }
    }

    @Nested
    class Agreement {
        @Test
        void aColleagueCannotSignTheAgreementForAParticipant() {
            w.publishAgreement("v2");
            String signature = s.icmr.signBase64(org.depa.ledger.model.crypto.SigningPayloads.agreement(
                    w.domain(),
                    "icmr",
                    "v2",
                    w.sroLedger().evaluate(Participants.GET_AGREEMENT).textSha256()));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> icmrColleague.submit(
                            Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr", "v2", signature)));
        }
    }

    @Nested
    class AdminRegistersButCannotAct {
        @Test
        void anAdminRegistersAParticipantBoundToItsOwnClientAndCannotActForIt() {
            TypedLedger admin = new TypedLedger(w.client("IcmrMSP", "icmr-admin"));
            Credentials signing = w.keys()
                    .generate(
                            SignatureAlgorithm.ECDSA_P256_SHA256,
                            "icmr2",
                            World.START.minus(Duration.ofDays(1)),
                            World.START.plus(Duration.ofDays(365)));
            org.depa.ledger.client.LedgerIdentity icmr2Client = w.clientIdentity("IcmrMSP", "icmr2-client");
            Participant p = admin.submit(
                    Participants.REGISTER,
                    new RegisterParticipantRequest(
                            "icmr2",
                            Role.TDP,
                            "IcmrMSP",
                            "ICMR second unit",
                            signing.certificatePem(),
                            icmr2Client.certificatePem()));
            assertThat(p.clientKeySha256()).isNotNull();
            w.verify("icmr2");
            String signature = Base64.getEncoder()
                    .encodeToString(org.depa.ledger.model.crypto.LocalSigner.fromPem(signing.privateKeyPem())
                            .sign(org.depa.ledger.model.crypto.SigningPayloads.agreement(
                                    w.domain(),
                                    "icmr2",
                                    "v1",
                                    w.sroLedger()
                                            .evaluate(Participants.GET_AGREEMENT)
                                            .textSha256())));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> admin.submit(
                            Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr2", "v1", signature)));
            new TypedLedger(w.ledger.connect(icmr2Client))
                    .submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr2", "v1", signature));
        }

        @Test
        void aMalformedClientCertificateIsRefusedNamingTheField() {
            TypedLedger admin = new TypedLedger(w.client("IcmrMSP", "icmr-admin"));
            var e = w.refuse(
                    ErrorCode.INVALID_CERTIFICATE,
                    () -> admin.submit(
                            Participants.REGISTER,
                            new RegisterParticipantRequest(
                                    "icmr3",
                                    Role.TDP,
                                    "IcmrMSP",
                                    "x",
                                    s.icmr.credentials().certificatePem(),
                                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")));
            assertThat(e.getMessage()).contains("clientCertificatePem");
        }
    }

    @Nested
    class BindClient {
        @Test
        void onlyTheSroMovesAParticipantToAnotherClient() {
            org.depa.ledger.client.LedgerIdentity rotated = w.clientIdentity("IcmrMSP", "icmr-rotated");
            BindClientRequest bind = new BindClientRequest("icmr", rotated.certificatePem(), "key rotation");
            w.refuse(ErrorCode.NOT_SRO, () -> icmrColleague.submit(Participants.BIND_CLIENT, bind));
            w.refuse(ErrorCode.NOT_SRO, () -> s.icmr.ledger().submit(Participants.BIND_CLIENT, bind));
            Participant p = w.sroLedger().submit(Participants.BIND_CLIENT, bind);
            assertThat(w.lastEvent().type()).isEqualTo("ParticipantClientBound");
            assertThat(p.clientKeySha256()).isNotNull();
            DatasetRequest original = World.datasetRequest(Scenario.ICMR_DATA, "icmr", "10");
            DatasetRequest update = changed(original, terms(original, 1100, "10"), original.kmsEndpoint());
            w.refuse(ErrorCode.WRONG_CLIENT, () -> s.icmr.ledger().submit(Datasets.UPDATE, update));
            new TypedLedger(w.ledger.connect(rotated)).submit(Datasets.UPDATE, update);
            w.refuse(ErrorCode.INVALID_STATE, () -> w.sroLedger().submit(Participants.BIND_CLIENT, bind));
        }
    }

    /** Keeps the unused-party warning away: every party of the scenario is a real participant. */
    @Test
    void theScenariosPartiesAreBoundToTheirOwnClients() {
        for (Party p : new Party[] {s.icmr, s.cowin, s.tdc, s.ccr}) {
            assertThat(w.sroLedger().evaluate(Participants.GET, p.id()).clientKeySha256())
                    .hasSize(64);
        }
    }
}

package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.edit;
import static org.depa.ledger.testing.World.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.Reservation;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.Signatures;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** contracts:* — propose, amend, sign, activate, revoke, expire and the queries. */
class ContractTransactionsTest {
    private static final String C1 = "c1";

    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static ContractProposal withClause(ContractProposal p, int i, DatasetClauseRequest clause) {
        List<DatasetClauseRequest> clauses = new ArrayList<>(p.datasets());
        clauses.set(i, clause);
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                p.validFrom(),
                p.validUntil(),
                clauses,
                p.allowedMeasurements(),
                p.payment(),
                p.revocation());
    }

    private static ContractProposal withPaymentMinor(ContractProposal p, long minor) {
        DatasetClauseRequest c = p.datasets().get(0);
        return withClause(p, 0, new DatasetClauseRequest(c.datasetId(), c.joinColumn(), c.privacy(), minor));
    }

    private static ContractProposal withRevocation(ContractProposal p, Role... roles) {
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                p.validFrom(),
                p.validUntil(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                new RevocationTerms(List.of(roles)));
    }

    private static ContractProposal withPeriod(ContractProposal p, Instant from, Instant until) {
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                from.toString(),
                until.toString(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                p.revocation());
    }

    private static ContractProposal withPurpose(ContractProposal p, String purpose) {
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                purpose,
                p.validFrom(),
                p.validUntil(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                p.revocation());
    }

    private byte[] payload(String contractId) {
        return Base64.getDecoder().decode(w.signingRequest(contractId).payloadBase64());
    }

    private ContractSignature sign(Party submitter, String contractId, int version, String participantId, byte[] sig) {
        return submitter
                .ledger()
                .submit(
                        Contracts.SIGN,
                        new SignContractRequest(
                                contractId,
                                version,
                                participantId,
                                Base64.getEncoder().encodeToString(sig)));
    }

    private ContractRecord activate(Party p, String contractId) {
        return w.activate(p, contractId);
    }

    private ContractRecord revoke(Party p, String contractId) {
        return p.ledger().submit(Contracts.REVOKE, new ContractActionRequest(contractId, p.id(), "no longer needed"));
    }

    private List<ContractSignature> signatures(String contractId) {
        return w.sroLedger().evaluate(Contracts.SIGNATURES, contractId);
    }

    private String contractJson(String contractId) {
        return w.raw(Contracts.GET.name(), contractId);
    }

    private String budgetJson(String datasetId) {
        return w.raw(Datasets.GET_BUDGET.name(), datasetId);
    }

    private String proposalJsonWithEpsilon(String rawEpsilon) {
        return edit(json(s.proposal(C1, "1.5")), "\"epsilon\":\"1.5\"", "\"epsilon\":" + rawEpsilon);
    }

    // ---- propose --------------------------------------------------------------------------------

    @Nested
    class Propose {
        @Test
        void createsDraftVersionOneWithLedgerFilledClausesAndSortedParties() {
            ContractRecord c = s.draft(C1, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);

            assertThat(c.status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(c.version()).isEqualTo(1);
            assertThat(c.parties()).containsExactly("ccr", "cowin", "icmr", "tdc");
            assertThat(c.reservations()).isEmpty();
            DatasetClause clause = c.terms().datasets().get(0);
            assertThat(clause.tdpId()).isEqualTo("icmr");
            assertThat(clause.ciphertextSha256()).isEqualTo(Scenario.ciphertext(Scenario.ICMR_DATA));
            assertThat(c.documentSha256()).isEqualTo(Hashes.sha256Hex(Json.canonical(c.terms())));
            ContractVersion v1 =
                    Json.read(w.sro.evaluate(Contracts.GET_VERSION.name(), C1, "1"), ContractVersion.class);
            assertThat(v1.documentSha256()).isEqualTo(c.documentSha256());
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void refusesTdcActingForAnotherOrganisation() {
            w.refuse(
                    ErrorCode.WRONG_ORGANISATION, () -> s.icmr.ledger().submit(Contracts.PROPOSE, s.proposal(C1, "1")));
            refused(ErrorCode.NOT_FOUND, () -> s.contract(C1));
        }

        @Test
        void refusesAProposerWhoIsNotATdc() {
            ContractProposal p = s.proposal(C1, "1");
            ContractProposal byTdp = new ContractProposal(
                    p.contractId(),
                    "icmr",
                    p.ccrProviderId(),
                    p.purpose(),
                    p.validFrom(),
                    p.validUntil(),
                    p.datasets(),
                    p.allowedMeasurements(),
                    p.payment(),
                    p.revocation());
            w.refuse(ErrorCode.WRONG_ROLE, () -> s.icmr.ledger().submit(Contracts.PROPOSE, byTdp));
        }

        @Test
        void refusesATdcBeforeVerificationAndBeforeSigningTheAgreement() {
            Party pending = w.register("tdc2", Role.TDC, "Consumer2MSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            ContractProposal p = World.proposal(C1, "tdc2", "ccr", List.of(Scenario.ICMR_DATA), "1");
            w.refuse(ErrorCode.PARTICIPANT_NOT_VERIFIED, () -> w.propose(pending, p));
            w.verify("tdc2");
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> w.propose(pending, p));
            w.signAgreement(pending);
            assertThat(w.propose(pending, p).status()).isEqualTo(ContractStatus.DRAFT);
        }

        @Test
        void refusesADuplicateContractId() {
            s.draft(C1, "1");
            String before = contractJson(C1);
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> s.draft(C1, "1.5"));
            assertThat(contractJson(C1)).isEqualTo(before);
        }

        @Test
        void refusesACcrProviderThatIsNotOne() {
            ContractProposal p = World.proposal(C1, "tdc", "cowin", List.of(Scenario.ICMR_DATA), "1");
            w.refuse(ErrorCode.WRONG_ROLE, () -> s.propose(p));
        }

        @Test
        void refusesUnknownWithdrawnAndWrongPurposeDatasets() {
            w.refuse(ErrorCode.NOT_FOUND, () -> s.draft(C1, "1", "no-such-data"));
            s.icmr.ledger()
                    .submit(
                            Datasets.WITHDRAW,
                            new org.depa.ledger.model.tx.WithdrawDatasetRequest(Scenario.ICMR_DATA, "icmr", "retired"));
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> s.draft(C1, "1"));
            w.refuse(
                    ErrorCode.PURPOSE_NOT_ALLOWED,
                    () -> s.propose(withPurpose(s.proposal(C1, "1", Scenario.COWIN_DATA), "MARKETING")));
        }

        @Test
        void refusesPrivacyAboveTheDatasetLimits() {
            LedgerException e = w.refuse(ErrorCode.EPSILON_ABOVE_DATASET_LIMIT, () -> s.draft(C1, "2.000001"));
            assertThat(e.getMessage()).contains("datasets[0].privacy.epsilon");
            ContractProposal p = s.proposal(C1, "1");
            DatasetClauseRequest c = p.datasets().get(0);
            PrivacyConstraints looseDelta = new PrivacyConstraints(
                    c.privacy().epsilon(),
                    new BigDecimal("0.02"),
                    c.privacy().maxGradNorm(),
                    c.privacy().noiseMultiplier(),
                    c.privacy().epochs());
            e = w.refuse(
                    ErrorCode.EPSILON_ABOVE_DATASET_LIMIT,
                    () -> s.propose(withClause(
                            p,
                            0,
                            new DatasetClauseRequest(c.datasetId(), c.joinColumn(), looseDelta, c.paymentMinor()))));
            assertThat(e.getMessage()).contains("datasets[0].privacy.delta");
        }

        @Test
        void refusesPaymentBelowPriceOrInAnotherCurrency() {
            w.refuse(ErrorCode.PAYMENT_BELOW_PRICE, () -> s.propose(withPaymentMinor(s.proposal(C1, "1"), 999)));
            ContractProposal p = s.proposal(C1, "1");
            ContractProposal usd = new ContractProposal(
                    p.contractId(),
                    p.tdcId(),
                    p.ccrProviderId(),
                    p.purpose(),
                    p.validFrom(),
                    p.validUntil(),
                    p.datasets(),
                    p.allowedMeasurements(),
                    new PaymentTerms("USD", 1000),
                    p.revocation());
            w.refuse(ErrorCode.PAYMENT_BELOW_PRICE, () -> s.propose(usd));
            assertThat(s.propose(withPaymentMinor(s.proposal(C1, "1"), 1000)).status())
                    .isEqualTo(ContractStatus.DRAFT);
        }

        @Test
        void refusesAnUncertifiedMeasurement() {
            ContractProposal p = s.proposal(C1, "1");
            ContractProposal other = new ContractProposal(
                    p.contractId(),
                    p.tdcId(),
                    p.ccrProviderId(),
                    p.purpose(),
                    p.validFrom(),
                    p.validUntil(),
                    p.datasets(),
                    List.of(World.OTHER_MEASUREMENT),
                    p.payment(),
                    p.revocation());
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.propose(other));
        }

        @Test
        void refusesAPeriodAlreadyOverOrInverted() {
            w.refuse(
                    ErrorCode.CONTRACT_EXPIRED,
                    () -> s.propose(
                            withPeriod(s.proposal(C1, "1"), World.START.minus(Duration.ofDays(10)), World.START)));
            LedgerException e = w.refuse(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> s.propose(withPeriod(
                            s.proposal(C1, "1"),
                            World.START.plus(Duration.ofDays(2)),
                            World.START.plus(Duration.ofDays(1)))));
            assertThat(e.getMessage()).contains("validUntil");
        }

        @Test
        void refusesTheSameDatasetTwiceAndAuditorsAsRevokers() {
            LedgerException e = w.refuse(
                    ErrorCode.INVALID_ARGUMENT, () -> s.draft(C1, "1", Scenario.ICMR_DATA, Scenario.ICMR_DATA));
            assertThat(e.getMessage()).contains("datasets[1].datasetId");
            e = w.refuse(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> s.propose(withRevocation(s.proposal(C1, "1"), Role.TDC, Role.AUDITOR)));
            assertThat(e.getMessage()).contains("revocation.revocableBy[1]");
        }

        @ParameterizedTest(name = "epsilon {0} -> {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "'\"-1\"'        | INVALID_ARGUMENT",
                    "-0.5            | INVALID_ARGUMENT",
                    "'\"0\"'         | INVALID_ARGUMENT",
                    "0               | INVALID_ARGUMENT",
                    "'\"NaN\"'       | MALFORMED_REQUEST",
                    "NaN             | MALFORMED_REQUEST",
                    "'\"Infinity\"'  | MALFORMED_REQUEST",
                    "Infinity        | MALFORMED_REQUEST",
                    "'\"-Infinity\"' | MALFORMED_REQUEST",
                    "1e400           | INVALID_ARGUMENT",
                    "'\"1e400\"'     | INVALID_ARGUMENT",
                    "'\"0.0000001\"' | INVALID_ARGUMENT",
                    "'\"1.0000005\"' | INVALID_ARGUMENT",
                    "true            | MALFORMED_REQUEST",
                    "'[1]'           | MALFORMED_REQUEST",
                    "'\"one\"'       | MALFORMED_REQUEST",
                    "null            | INVALID_ARGUMENT"
                })
        void refusesABadPrivacyEpsilonNamingTheField(String rawEpsilon, ErrorCode expected) {
            String body = proposalJsonWithEpsilon(rawEpsilon);
            LedgerException e = w.refuse(expected, () -> s.tdc.client().submit(Contracts.PROPOSE.name(), body));
            assertThat(e.getMessage()).contains("datasets[0].privacy.epsilon");
            refused(ErrorCode.NOT_FOUND, () -> s.contract(C1));
        }

        @Test
        void acceptsAnEpsilonWithTrailingZerosAndStoresItNormalised() {
            ContractRecord c = Json.read(
                    s.tdc.client().submit(Contracts.PROPOSE.name(), proposalJsonWithEpsilon("\"1.500000000\"")),
                    ContractRecord.class);
            assertThat(c.terms().datasets().get(0).privacy().epsilon()).isEqualByComparingTo("1.5");
            assertThat(contractJson(C1)).contains("\"epsilon\":\"1.5\"");
        }

        @Test
        void refusesMalformedRequestsNamingTheField() {
            LedgerClient tdc = s.tdc.client();
            String valid = json(s.proposal(C1, "1"));
            LedgerException e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(
                            Contracts.PROPOSE.name(),
                            edit(valid, "{\"allowedMeasurements\"", "{\"extra\":1,\"allowedMeasurements\"")));
            assertThat(e.getMessage()).contains("'extra'");
            e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(
                            Contracts.PROPOSE.name(),
                            edit(valid, "\"paymentMinor\":5000", "\"paymentMinor\":\"5000\"")));
            assertThat(e.getMessage()).contains("datasets[0].paymentMinor");
            e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(
                            Contracts.PROPOSE.name(), edit(valid, "\"paymentMinor\":5000", "\"paymentMinor\":5000.5")));
            assertThat(e.getMessage()).contains("datasets[0].paymentMinor");
            e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(
                            Contracts.PROPOSE.name(),
                            edit(valid, "\"contractId\":\"c1\"", "\"contractId\":\"c1\",\"contractId\":\"c2\"")));
            assertThat(e.getMessage()).contains("contractId");
            e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(Contracts.PROPOSE.name(), edit(valid, "\"epochs\":5", "\"epochs\":")));
            assertThat(e.getMessage()).contains("datasets[0].privacy.epochs");
            e = w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(
                            Contracts.PROPOSE.name(), edit(valid, "\"purpose\":\"TRAINING\"", "\"purpose\":7")));
            assertThat(e.getMessage()).contains("'purpose'");
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> tdc.submit(Contracts.PROPOSE.name(), ""));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> tdc.submit(Contracts.PROPOSE.name(), "   "));
            w.refuse(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> tdc.submit(Contracts.PROPOSE.name(), valid.substring(0, valid.length() - 1)));
        }
    }

    // ---- amend ----------------------------------------------------------------------------------

    @Nested
    class Amend {
        @Test
        void bumpsTheVersionAndKeepsTheOldOneForAuditors() {
            ContractRecord v1 = s.draft(C1, "1");
            ContractRecord v2 = s.tdc.ledger().submit(Contracts.AMEND, withPaymentMinor(s.proposal(C1, "1"), 6000));
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(v2.documentSha256()).isNotEqualTo(v1.documentSha256());
            assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
            ContractVersion old =
                    Json.read(w.sro.evaluate(Contracts.GET_VERSION.name(), C1, "1"), ContractVersion.class);
            assertThat(old.terms()).isEqualTo(v1.terms());
            assertThat(w.signingRequest(C1).version()).isEqualTo(2);
        }

        @Test
        void oneChangedByteAfterSigningVoidsEverySignature() {
            s.signed(C1, "1");
            assertThat(signatures(C1)).hasSize(3);
            String budgetBefore = budgetJson(Scenario.ICMR_DATA);
            s.tdc.ledger().submit(Contracts.AMEND, withPaymentMinor(s.proposal(C1, "1"), 5001));

            assertThat(signatures(C1)).isEmpty();
            LedgerException e = w.refuse(ErrorCode.SIGNATURES_MISSING, () -> activate(s.tdc, C1));
            assertThat(e.getMessage()).contains("ccr", "icmr", "tdc");
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(budgetJson(Scenario.ICMR_DATA)).isEqualTo(budgetBefore);
        }

        @Test
        void oldSignaturesCannotBeCarriedOverToTheNewVersion() {
            s.draft(C1, "1");
            byte[] v1Payload = payload(C1);
            byte[] submittedV1 = s.tdc.signer().sign(v1Payload);
            sign(s.tdc, C1, 1, "tdc", submittedV1);
            byte[] unsubmittedV1 = s.icmr.signer().sign(v1Payload);
            s.tdc.ledger().submit(Contracts.AMEND, withPaymentMinor(s.proposal(C1, "1"), 5001));

            w.refuse(ErrorCode.STALE_VERSION, () -> sign(s.icmr, C1, 1, "icmr", unsubmittedV1));
            w.refuse(ErrorCode.SIGNATURE_REPLAYED, () -> sign(s.tdc, C1, 2, "tdc", submittedV1));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.icmr, C1, 2, "icmr", unsubmittedV1));
            assertThat(signatures(C1)).isEmpty();
        }

        @Test
        void onlyTheProposingTdcMayAmend() {
            Party other = w.onboard("tdc2", Role.TDC, "Consumer2MSP");
            s.draft(C1, "1");
            ContractProposal p = s.proposal(C1, "1");
            ContractProposal byOther = new ContractProposal(
                    C1,
                    "tdc2",
                    p.ccrProviderId(),
                    p.purpose(),
                    p.validFrom(),
                    p.validUntil(),
                    p.datasets(),
                    p.allowedMeasurements(),
                    p.payment(),
                    p.revocation());
            String before = contractJson(C1);
            w.refuse(ErrorCode.NOT_A_PARTY, () -> other.ledger().submit(Contracts.AMEND, byOther));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> s.icmr.ledger().submit(Contracts.AMEND, p));
            assertThat(contractJson(C1)).isEqualTo(before);
        }

        @Test
        void refusesToAmendAnActiveOrUnknownContract() {
            s.active(C1, "1");
            String before = contractJson(C1);
            w.refuse(ErrorCode.INVALID_STATE, () -> s.tdc.ledger().submit(Contracts.AMEND, s.proposal(C1, "1.5")));
            assertThat(contractJson(C1)).isEqualTo(before);
            w.refuse(ErrorCode.NOT_FOUND, () -> s.tdc.ledger().submit(Contracts.AMEND, s.proposal("c9", "1")));
        }

        @Test
        void refusesAnAmendmentBreakingTheDatasetTerms() {
            s.draft(C1, "1");
            String before = contractJson(C1);
            w.refuse(ErrorCode.EPSILON_ABOVE_DATASET_LIMIT, () -> s.tdc.ledger()
                    .submit(Contracts.AMEND, s.proposal(C1, "3")));
            assertThat(contractJson(C1)).isEqualTo(before);
        }
    }

    // ---- sign -----------------------------------------------------------------------------------

    @Nested
    class Sign {
        @Test
        void recordsEachPartysVerifiedSignatureInPartyOrder() {
            s.draft(C1, "1");
            ContractSignature sig = w.sign(s.tdc, C1);
            assertThat(sig.participantId()).isEqualTo("tdc");
            assertThat(sig.version()).isEqualTo(1);
            assertThat(sig.algorithm()).isEqualTo("ECDSA_P256_SHA256");
            assertThat(sig.signatureSha256())
                    .isEqualTo(Hashes.sha256Hex(Base64.getDecoder().decode(sig.signature())));
            w.sign(s.icmr, C1);
            w.sign(s.ccr, C1);
            assertThat(signatures(C1))
                    .extracting(ContractSignature::participantId)
                    .containsExactly("ccr", "icmr", "tdc");
        }

        @Test
        void acceptsP384AndEd25519Keys() {
            Party ed = w.onboard("ed-tdp", Role.TDP, "EdMSP", SignatureAlgorithm.ED25519);
            Party p384 = w.onboard("p384-ccr", Role.CCR_PROVIDER, "P384MSP", SignatureAlgorithm.ECDSA_P384_SHA384);
            w.registerDataset(ed, "ed-data", "10");
            s.propose(World.proposal(C1, "tdc", "p384-ccr", List.of("ed-data"), "1"));
            assertThat(w.sign(ed, C1).algorithm()).isEqualTo("ED25519");
            assertThat(w.sign(p384, C1).algorithm()).isEqualTo("ECDSA_P384_SHA384");
            w.sign(s.tdc, C1);
            assertThat(activate(ed, C1).status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesAnUnverifiedParty() {
            Party unverified = w.register("ccr2", Role.CCR_PROVIDER, "Ccr2MSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            s.propose(World.proposal(C1, "tdc", "ccr2", List.of(Scenario.ICMR_DATA), "1"));
            w.refuse(ErrorCode.PARTICIPANT_NOT_VERIFIED, () -> w.sign(unverified, C1));
            assertThat(signatures(C1)).isEmpty();
        }

        @Test
        void refusesASuspendedParty() {
            s.draft(C1, "1");
            w.suspend("icmr");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> w.sign(s.icmr, C1));
            assertThat(signatures(C1)).isEmpty();
        }

        @Test
        void refusesAPartyThatHasNotSignedTheCurrentAgreement() {
            s.draft(C1, "1");
            w.publishAgreement("v2");
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> w.sign(s.icmr, C1));
            w.signAgreement(s.icmr);
            assertThat(w.sign(s.icmr, C1).participantId()).isEqualTo("icmr");
        }

        @Test
        void refusesSomeoneWhoIsNotAParty() {
            s.draft(C1, "1");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> w.sign(s.cowin, C1));
        }

        @Test
        void refusesASignatureMadeWithAKeyOtherThanTheRegisteredOne() {
            s.draft(C1, "1");
            Credentials stranger = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "tdc",
                    World.START.minus(Duration.ofDays(1)),
                    World.START.plus(Duration.ofDays(365)));
            byte[] forged = LocalSigner.fromPem(stranger.privateKeyPem()).sign(payload(C1));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.tdc, C1, 1, "tdc", forged));
            assertThat(signatures(C1)).isEmpty();
        }

        @Test
        void refusesASubmitterFromAnotherOrganisationThanTheSigner() {
            s.draft(C1, "1");
            byte[] genuine = s.tdc.signer().sign(payload(C1));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> sign(s.icmr, C1, 1, "tdc", genuine));
            LedgerClient sroActingForTdc = w.sro;
            w.refuse(
                    ErrorCode.WRONG_ORGANISATION,
                    () -> sroActingForTdc.submit(
                            Contracts.SIGN.name(),
                            json(new SignContractRequest(
                                    C1, 1, "tdc", Base64.getEncoder().encodeToString(genuine)))));
            assertThat(signatures(C1)).isEmpty();
            assertThat(sign(s.tdc, C1, 1, "tdc", genuine).participantId()).isEqualTo("tdc");
        }

        @Test
        void refusesAHighSMalleatedSignatureAndStillAcceptsTheOriginal() {
            s.draft(C1, "1");
            byte[] lowS = s.tdc.signer().sign(payload(C1));
            byte[] highS = Signatures.highS(lowS, Signatures.p256Order());
            assertThat(highS).isNotEqualTo(lowS);
            w.refuse(ErrorCode.MALLEABLE_SIGNATURE, () -> sign(s.tdc, C1, 1, "tdc", highS));
            assertThat(signatures(C1)).isEmpty();
            assertThat(sign(s.tdc, C1, 1, "tdc", lowS).participantId()).isEqualTo("tdc");
            w.refuse(ErrorCode.SIGNATURE_REPLAYED, () -> sign(s.tdc, C1, 1, "tdc", lowS));
        }

        @Test
        void refusesNonCanonicalDerEncodingsOfAValidSignature() {
            s.draft(C1, "1");
            byte[] der = s.tdc.signer().sign(payload(C1));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.tdc, C1, 1, "tdc", Signatures.longFormLength(der)));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.tdc, C1, 1, "tdc", Signatures.paddedR(der)));
            byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.tdc, C1, 1, "tdc", trailing));
            assertThat(signatures(C1)).isEmpty();
        }

        @Test
        void refusesTheSameSignatureBytesSubmittedTwice() {
            s.draft(C1, "1");
            byte[] sig = s.tdc.signer().sign(payload(C1));
            sign(s.tdc, C1, 1, "tdc", sig);
            LedgerException e = w.refuse(ErrorCode.SIGNATURE_REPLAYED, () -> sign(s.tdc, C1, 1, "tdc", sig));
            assertThat(e.stage()).isEqualTo(LedgerException.Stage.ENDORSE);
            assertThat(signatures(C1)).hasSize(1);
        }

        @Test
        void refusesASecondDifferentSignatureFromTheSameParty() {
            s.draft(C1, "1");
            byte[] payload = payload(C1);
            ContractSignature first = sign(s.tdc, C1, 1, "tdc", s.tdc.signer().sign(payload));
            byte[] second = Signatures.randomP256(s.tdc.credentials(), payload);
            w.refuse(ErrorCode.ALREADY_SIGNED, () -> sign(s.tdc, C1, 1, "tdc", second));
            assertThat(signatures(C1)).containsExactly(first);
        }

        @Test
        void refusesASignatureReplayedOnAnotherContract() {
            s.draft(C1, "1");
            s.draft("c2", "1");
            byte[] forC1 = s.tdc.signer().sign(payload(C1));
            sign(s.tdc, C1, 1, "tdc", forC1);
            w.refuse(ErrorCode.SIGNATURE_REPLAYED, () -> sign(s.tdc, "c2", 1, "tdc", forC1));
            byte[] icmrForC1 = s.icmr.signer().sign(payload(C1));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> sign(s.icmr, "c2", 1, "icmr", icmrForC1));
            assertThat(signatures("c2")).isEmpty();
        }

        @Test
        void refusesASignatureForAnotherChannelOrChaincode() {
            s.draft(C1, "1");
            SigningRequest req = w.signingRequest(C1);
            byte[] otherChannel = SigningPayloads.contract(
                    new SigningPayloads.Domain("other-channel", "depa"), C1, 1, req.documentSha256());
            w.refuse(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> sign(s.tdc, C1, 1, "tdc", s.tdc.signer().sign(otherChannel)));
            byte[] otherChaincode = SigningPayloads.contract(
                    new SigningPayloads.Domain(w.ledger.channel(), "other"), C1, 1, req.documentSha256());
            w.refuse(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> sign(s.tdc, C1, 1, "tdc", s.tdc.signer().sign(otherChaincode)));
        }

        @Test
        void refusesSigningAContractThatIsNoLongerADraft() {
            s.active(C1, "1");
            byte[] sig = Signatures.randomP256(s.tdc.credentials(), payload(C1));
            w.refuse(ErrorCode.INVALID_STATE, () -> sign(s.tdc, C1, 1, "tdc", sig));
        }

        @Test
        void refusesAFutureVersionAndBadFields() {
            s.draft(C1, "1");
            byte[] sig = s.tdc.signer().sign(payload(C1));
            w.refuse(ErrorCode.STALE_VERSION, () -> sign(s.tdc, C1, 2, "tdc", sig));
            LedgerException e = w.refuse(ErrorCode.INVALID_ARGUMENT, () -> sign(s.tdc, C1, 0, "tdc", sig));
            assertThat(e.getMessage()).contains("'version'");
            e = w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.client()
                    .submit(Contracts.SIGN.name(), json(new SignContractRequest(C1, 1, "tdc", "not base64!"))));
            assertThat(e.getMessage()).contains("'signature'");
            w.refuse(ErrorCode.NOT_FOUND, () -> sign(s.tdc, "c9", 1, "tdc", sig));
        }

        @Test
        void refusesASignerWhoseCertificateIsNoLongerValid() {
            Credentials shortLived = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "brief",
                    World.START.minus(Duration.ofDays(1)),
                    World.START.plus(Duration.ofDays(2)));
            Party brief = w.register("brief", Role.CCR_PROVIDER, "BriefMSP", shortLived);
            w.verify("brief");
            w.signAgreement(brief);
            s.propose(World.proposal(C1, "tdc", "brief", List.of(Scenario.ICMR_DATA), "1"));
            w.clock.advance(Duration.ofDays(3));
            w.refuse(ErrorCode.CERTIFICATE_NOT_VALID_NOW, () -> w.sign(brief, C1));
        }
    }

    // ---- activate -------------------------------------------------------------------------------

    @Nested
    class Activate {
        @Test
        void activatesWhenEveryPartySignedAndReservesTheBudget() {
            s.signed(C1, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
            ContractRecord active = activate(s.icmr, C1);
            assertThat(active.status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(active.activatedAt()).isEqualTo(World.START.toString());
            assertThat(active.reservations())
                    .containsExactly(
                            new Reservation(Scenario.ICMR_DATA, new BigDecimal("1.5")),
                            new Reservation(Scenario.COWIN_DATA, new BigDecimal("1.5")));
            for (String d : List.of(Scenario.ICMR_DATA, Scenario.COWIN_DATA)) {
                PrivacyBudget b = s.budget(d);
                assertThat(b.reservedEpsilon()).isEqualByComparingTo("1.5");
                assertThat(b.remaining()).isEqualByComparingTo("8.5");
            }
        }

        @Test
        void refusesWithOneSignatureMissingAndChangesNothing() {
            s.draft(C1, "1");
            w.sign(s.tdc, C1);
            w.sign(s.icmr, C1);
            String contractBefore = contractJson(C1);
            String budgetBefore = budgetJson(Scenario.ICMR_DATA);
            LedgerException e = w.refuse(ErrorCode.SIGNATURES_MISSING, () -> activate(s.tdc, C1));
            assertThat(e.getMessage()).contains("[ccr]");
            assertThat(contractJson(C1)).isEqualTo(contractBefore);
            assertThat(budgetJson(Scenario.ICMR_DATA)).isEqualTo(budgetBefore);
        }

        @Test
        void refusesWhenASignerWasSuspendedAfterSigning() {
            s.signed(C1, "1");
            w.suspend("ccr");
            String budgetBefore = budgetJson(Scenario.ICMR_DATA);
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> activate(s.tdc, C1));
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(budgetJson(Scenario.ICMR_DATA)).isEqualTo(budgetBefore);
        }

        @Test
        void refusesWhenASignerHasNotSignedANewAgreement() {
            s.signed(C1, "1");
            w.publishAgreement("v2");
            w.signAgreement(s.tdc);
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> activate(s.tdc, C1));
            w.signAgreement(s.icmr);
            w.signAgreement(s.ccr);
            assertThat(activate(s.tdc, C1).status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesANonPartyAndAnotherOrganisation() {
            s.signed(C1, "1");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> activate(s.cowin, C1));
            w.refuse(
                    ErrorCode.WRONG_ORGANISATION,
                    () -> s.cowin.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(C1, "tdc", null)));
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.DRAFT);
        }

        @Test
        void refusesASecondActivationWithoutReservingTwice() {
            s.active(C1, "1");
            w.refuse(ErrorCode.INVALID_STATE, () -> activate(s.icmr, C1));
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("1");
        }

        @Test
        void refusesAfterValidUntil() {
            s.signed(C1, "1");
            w.clock.set(Instant.parse(s.contract(C1).terms().validUntil()));
            w.refuse(ErrorCode.CONTRACT_EXPIRED, () -> activate(s.tdc, C1));
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void refusesAWithdrawnDatasetOrARevokedMeasurement() {
            s.signed(C1, "1", Scenario.ICMR_DATA);
            s.signed("c2", "1", Scenario.COWIN_DATA);
            s.icmr.ledger()
                    .submit(
                            Datasets.WITHDRAW,
                            new org.depa.ledger.model.tx.WithdrawDatasetRequest(Scenario.ICMR_DATA, "icmr", "retired"));
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> activate(s.tdc, C1));
            w.sroLedger()
                    .submit(
                            Measurements.REVOKE,
                            new org.depa.ledger.model.tx.RevokeMeasurementRequest(World.MEASUREMENT, "vulnerable"));
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> activate(s.tdc, "c2"));
            assertThat(s.budget(Scenario.COWIN_DATA).reservedEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void refusesTheWholeActivationWhenAnyBudgetIsShort() {
            // "tight" has 1 left; icmr-data plenty: nothing may be reserved anywhere.
            w.registerDataset(s.cowin, "tight", "2");
            s.active("c0", "1", "tight");
            s.signed(C1, "1.5", Scenario.ICMR_DATA, "tight");
            assertThat(s.budget("tight").remaining()).isEqualByComparingTo("1");
            String icmrBefore = budgetJson(Scenario.ICMR_DATA);
            String tightBefore = budgetJson("tight");
            LedgerException e = w.refuse(ErrorCode.BUDGET_EXCEEDED, () -> activate(s.tdc, C1));
            assertThat(e.getMessage()).contains("'tight'");
            assertThat(budgetJson(Scenario.ICMR_DATA)).isEqualTo(icmrBefore);
            assertThat(budgetJson("tight")).isEqualTo(tightBefore);
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.DRAFT);
        }

        @Test
        void twoActivationsRacingForTheLastOfABudgetCommitExactlyOnce() {
            w.registerDataset(s.icmr, "scarce", "2");
            s.signed("race-a", "1.5", "scarce");
            s.signed("race-b", "1.5", "scarce");
            LedgerClient.EndorsedTransaction a = s.tdc.client()
                    .endorse(Contracts.ACTIVATE.name(), json(new ContractActionRequest("race-a", "tdc", null)));
            LedgerClient.EndorsedTransaction b = s.icmr.client()
                    .endorse(Contracts.ACTIVATE.name(), json(new ContractActionRequest("race-b", "icmr", null)));
            // Both endorsements saw the whole budget free.
            assertThat(Json.read(b.result(), ContractRecord.class).status()).isEqualTo(ContractStatus.ACTIVE);

            a.submit();
            long height = w.ledger.height();
            LedgerException lost = refused(ErrorCode.MVCC_READ_CONFLICT, b::submit);
            assertThat(lost.stage()).isEqualTo(LedgerException.Stage.COMMIT);
            assertThat(lost.retryable()).isTrue();
            assertThat(w.ledger.height()).isEqualTo(height);
            assertThat(s.contract("race-a").status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(s.contract("race-b").status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(s.budget("scarce").reservedEpsilon()).isEqualByComparingTo("1.5");

            LedgerException retry = w.refuse(ErrorCode.BUDGET_EXCEEDED, () -> activate(s.icmr, "race-b"));
            assertThat(retry.stage()).isEqualTo(LedgerException.Stage.ENDORSE);
            assertThat(s.budget("scarce").reservedEpsilon()).isEqualByComparingTo("1.5");
        }

        @Test
        void concurrentActivationsNeverOverspendTheBudget() throws Exception {
            int threads = 8;
            BigDecimal total = new BigDecimal("2.5");
            BigDecimal eps = new BigDecimal("0.8");
            w.registerDataset(s.icmr, "pool", total.toPlainString());
            for (int i = 0; i < threads; i++) {
                s.signed("t" + i, eps.toPlainString(), "pool");
            }
            CyclicBarrier allEndorsed = new CyclicBarrier(threads);
            AtomicInteger conflicts = new AtomicInteger();
            List<String> activated = Collections.synchronizedList(new ArrayList<>());
            List<String> refusedForBudget = Collections.synchronizedList(new ArrayList<>());
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String id = "t" + i;
                    LedgerClient client = s.tdc.client();
                    done.add(pool.submit(() -> {
                        boolean first = true;
                        while (true) {
                            LedgerClient.EndorsedTransaction tx;
                            try {
                                tx = client.endorse(
                                        Contracts.ACTIVATE.name(), json(new ContractActionRequest(id, "tdc", null)));
                            } catch (LedgerException e) {
                                if (e.code() != ErrorCode.BUDGET_EXCEEDED) {
                                    throw e;
                                }
                                refusedForBudget.add(id);
                                return null;
                            }
                            if (first) {
                                allEndorsed.await(30, TimeUnit.SECONDS);
                                first = false;
                            }
                            try {
                                tx.submit();
                                activated.add(id);
                                return null;
                            } catch (LedgerException e) {
                                if (e.code() != ErrorCode.MVCC_READ_CONFLICT) {
                                    throw e;
                                }
                                conflicts.incrementAndGet();
                            } finally {
                                PrivacyBudget b = s.budget("pool");
                                if (b.reservedEpsilon().add(b.spentEpsilon()).compareTo(b.totalEpsilon()) > 0) {
                                    violations.add(b.toString());
                                }
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            int expected = total.divideToIntegralValue(eps).intValueExact();
            assertThat(violations).isEmpty();
            assertThat(activated).hasSize(expected);
            assertThat(refusedForBudget).hasSize(threads - expected);
            assertThat(conflicts.get())
                    .as("every endorsement after the first commit conflicted")
                    .isGreaterThanOrEqualTo(threads - 1);
            PrivacyBudget b = s.budget("pool");
            assertThat(b.reservedEpsilon()).isEqualByComparingTo(eps.multiply(BigDecimal.valueOf(expected)));
            assertThat(b.remaining()).isLessThan(eps);
            for (int i = 0; i < threads; i++) {
                ContractStatus status = s.contract("t" + i).status();
                assertThat(status)
                        .isEqualTo(activated.contains("t" + i) ? ContractStatus.ACTIVE : ContractStatus.DRAFT);
            }
        }
    }

    // ---- revoke ---------------------------------------------------------------------------------

    @Nested
    class Revoke {
        @Test
        void aPartyWhoseRoleMayRevokeRevokesAndTheReservationReturns() {
            s.active(C1, "1.5");
            ContractRecord revoked = revoke(s.icmr, C1);
            assertThat(revoked.status()).isEqualTo(ContractStatus.REVOKED);
            assertThat(revoked.closedBy()).isEqualTo("icmr");
            assertThat(revoked.closeReason()).isEqualTo("no longer needed");
            assertThat(revoked.reservations()).isEmpty();
            PrivacyBudget b = s.budget(Scenario.ICMR_DATA);
            assertThat(b.reservedEpsilon()).isEqualByComparingTo("0");
            assertThat(b.remaining()).isEqualByComparingTo("10");
        }

        @Test
        void theTdcMayRevokeADraft() {
            s.draft(C1, "1");
            assertThat(revoke(s.tdc, C1).status()).isEqualTo(ContractStatus.REVOKED);
            w.refuse(ErrorCode.INVALID_STATE, () -> w.sign(s.icmr, C1));
        }

        @Test
        void refusesARoleNotInTheRevocationTerms() {
            s.active(C1, "1.5");
            String contractBefore = contractJson(C1);
            String budgetBefore = budgetJson(Scenario.ICMR_DATA);
            w.refuse(ErrorCode.REVOCATION_NOT_PERMITTED, () -> revoke(s.ccr, C1));
            assertThat(contractJson(C1)).isEqualTo(contractBefore);
            assertThat(budgetJson(Scenario.ICMR_DATA)).isEqualTo(budgetBefore);
        }

        @Test
        void theSroMayAlwaysRevoke() {
            s.propose(withRevocation(s.proposal(C1, "1.5"), Role.TDC));
            s.signAll(C1);
            activate(s.tdc, C1);
            w.refuse(ErrorCode.REVOCATION_NOT_PERMITTED, () -> revoke(s.icmr, C1));
            ContractRecord revoked =
                    w.sroLedger().submit(Contracts.REVOKE, new ContractActionRequest(C1, null, "regulator order"));
            assertThat(revoked.status()).isEqualTo(ContractStatus.REVOKED);
            assertThat(revoked.closedBy()).isEqualTo("SROMSP");
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void revocationWithoutANamedPartyIsForTheSroOnly() {
            s.active(C1, "1");
            w.refuse(ErrorCode.NOT_SRO, () -> s.tdc.ledger()
                    .submit(Contracts.REVOKE, new ContractActionRequest(C1, null, "anonymous")));
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesNonPartiesOtherOrganisationsAndMissingReasons() {
            s.active(C1, "1");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> revoke(s.cowin, C1));
            w.refuse(
                    ErrorCode.WRONG_ORGANISATION,
                    () -> s.cowin.ledger().submit(Contracts.REVOKE, new ContractActionRequest(C1, "icmr", "hostile")));
            LedgerException e = w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.icmr.ledger()
                    .submit(Contracts.REVOKE, new ContractActionRequest(C1, "icmr", null)));
            assertThat(e.getMessage()).contains("'reason'");
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesRevokingAClosedContract() {
            s.active(C1, "1");
            revoke(s.icmr, C1);
            String before = contractJson(C1);
            w.refuse(ErrorCode.INVALID_STATE, () -> revoke(s.tdc, C1));
            assertThat(contractJson(C1)).isEqualTo(before);
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
        }
    }

    // ---- expire ---------------------------------------------------------------------------------

    @Nested
    class Expire {
        private ContractRecord expire(LedgerClient client, String contractId) {
            return Json.read(
                    client.submit(Contracts.EXPIRE.name(), json(new ContractActionRequest(contractId, null, null))),
                    ContractRecord.class);
        }

        @Test
        void anyoneRecordsExpiryAfterValidUntilAndTheReservationReturns() {
            s.active(C1, "1.5");
            w.clock.advance(Duration.ofDays(30));
            ContractRecord expired = expire(w.client("BystanderMSP", "bystander"), C1);
            assertThat(expired.status()).isEqualTo(ContractStatus.EXPIRED);
            assertThat(expired.closedBy()).isEqualTo("BystanderMSP");
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
            assertThat(s.budget(Scenario.ICMR_DATA).remaining()).isEqualByComparingTo("10");
        }

        @Test
        void aDraftExpiresToo() {
            s.draft(C1, "1");
            w.clock.advance(Duration.ofDays(31));
            assertThat(expire(w.sro, C1).status()).isEqualTo(ContractStatus.EXPIRED);
        }

        @Test
        void refusesBeforeValidUntil() {
            s.active(C1, "1.5");
            w.clock.advance(Duration.ofDays(30).minusMillis(1));
            String before = contractJson(C1);
            w.refuse(ErrorCode.INVALID_STATE, () -> expire(w.sro, C1));
            assertThat(contractJson(C1)).isEqualTo(before);
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("1.5");
        }

        @Test
        void refusesAnAlreadyClosedContract() {
            s.active(C1, "1.5");
            revoke(s.tdc, C1);
            w.clock.advance(Duration.ofDays(31));
            w.refuse(ErrorCode.INVALID_STATE, () -> expire(w.sro, C1));
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.REVOKED);
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("0");
            w.refuse(ErrorCode.NOT_FOUND, () -> expire(w.sro, "c9"));
        }
    }

    // ---- queries --------------------------------------------------------------------------------

    @Nested
    class Queries {
        @Test
        void getReturnsTheCurrentRecordAndRefusesUnknownOrInvalidIds() {
            ContractRecord c = s.draft(C1, "1");
            assertThat(s.contract(C1)).isEqualTo(c);
            refused(ErrorCode.NOT_FOUND, () -> s.contract("c9"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> s.contract("C1!"));
        }

        @Test
        void getVersionRefusesBadVersionNumbers() {
            s.draft(C1, "1");
            refused(ErrorCode.INVALID_ARGUMENT, () -> w.sro.evaluate(Contracts.GET_VERSION.name(), C1, "0"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> w.sro.evaluate(Contracts.GET_VERSION.name(), C1, "one"));
            refused(ErrorCode.NOT_FOUND, () -> w.sro.evaluate(Contracts.GET_VERSION.name(), C1, "2"));
        }

        @Test
        void signingPayloadIsTheDomainSeparatedPayloadOfTheCurrentVersion() {
            ContractRecord c = s.draft(C1, "1");
            SigningRequest req = w.signingRequest(C1);
            byte[] expected = SigningPayloads.contract(w.domain(), C1, 1, c.documentSha256());
            assertThat(Base64.getDecoder().decode(req.payloadBase64())).isEqualTo(expected);
            assertThat(req.payloadText())
                    .contains("\"purpose\":\"depa-ledger/contract-signature/v1\"", c.documentSha256());
            refused(ErrorCode.NOT_FOUND, () -> w.signingRequest("c9"));
        }

        @Test
        void signaturesListsOnlyTheCurrentVersion() {
            s.signed(C1, "1");
            assertThat(signatures(C1)).hasSize(3).allSatisfy(sig -> assertThat(sig.version())
                    .isEqualTo(1));
            s.tdc.ledger().submit(Contracts.AMEND, s.proposal(C1, "1.5"));
            assertThat(signatures(C1)).isEmpty();
            refused(ErrorCode.NOT_FOUND, () -> signatures("c9"));
        }
    }
}

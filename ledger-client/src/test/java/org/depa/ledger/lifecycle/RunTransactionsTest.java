package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.Signatures;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * runs:* — start, key releases, fail, and the signed receipt that spends the budget. The outer
 * fixture has contract c1, ACTIVE, over icmr-data and cowin-data at epsilon 1.5 each.
 */
class RunTransactionsTest {
    private static final String C1 = "c1";
    private static final String ICMR = Scenario.ICMR_DATA;
    private static final String COWIN = Scenario.COWIN_DATA;

    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        s.active(C1, "1.5", ICMR, COWIN);
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private StartRunRequest startRequest(
            String runId, String contractId, String ccrId, String measurement, String runKeyPem) {
        return CleanRooms.start(
                CleanRooms.chip(World.CHIP_ID, World.REPORTED_TCB), runId, contractId, ccrId, measurement, runKeyPem);
    }

    private TrainingRun start(Party submitter, StartRunRequest r) {
        return submitter.ledger().submit(Runs.START, r);
    }

    private TrainingRun fail(Party submitter, String runId, String ccrId, String reason) {
        return submitter.ledger().submit(Runs.FAIL, new FailRunRequest(runId, ccrId, reason));
    }

    private KeyReleaseRecord release(Party submitter, KeyReleaseRequest r) {
        return submitter.ledger().submit(Runs.RECORD_KEY_RELEASE, r);
    }

    private List<KeyReleaseRecord> keyReleases(String runId) {
        return w.sroLedger().evaluate(Runs.KEY_RELEASES, runId);
    }

    private ContractRecord revoke(String contractId) {
        return s.tdc.ledger().submit(Contracts.REVOKE, new ContractActionRequest(contractId, "tdc", "stop"));
    }

    /** An ACTIVE contract over cowin-data whose period starts {@code delay} after START. */
    private void activeFrom(String contractId, Duration delay) {
        ContractProposal p = s.proposal(contractId, "1", Scenario.COWIN_DATA);
        s.propose(new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                World.START.plus(delay).toString(),
                p.validUntil(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                p.revocation()));
        s.signAll(contractId);
        w.activate(s.tdc, contractId);
    }

    private String budgets() {
        return w.raw(Datasets.GET_BUDGET.name(), ICMR) + w.raw(Datasets.GET_BUDGET.name(), COWIN);
    }

    @Nested
    class Start {
        @Test
        void startsARunBoundToTheAttestedKeyAndContractVersion() {
            TrainingRun run = s.startRun(C1, "r1");
            assertThat(run.status()).isEqualTo(RunStatus.STARTED);
            assertThat(run.contractVersion()).isEqualTo(1);
            assertThat(run.measurement()).isEqualTo(World.MEASUREMENT);
            assertThat(run.runKeyAlgorithm()).isEqualTo("ECDSA_P384_SHA384");
            assertThat(run.runPublicKeyPem()).isEqualTo(s.runKey("r1").publicKeyPem());
            assertThat(w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, C1)).containsExactly(run);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("RunStarted");
            assertThat(e.actor()).isEqualTo("ccr");
        }

        @Test
        void refusesACcrActingForAnotherOrganisationOrInAnotherRole() {
            String key = s.runKey("r1").publicKeyPem();
            w.refuse(
                    ErrorCode.WRONG_ORGANISATION,
                    () -> start(s.tdc, startRequest("r1", C1, "ccr", World.MEASUREMENT, key)));
            w.refuse(ErrorCode.WRONG_ROLE, () -> start(s.tdc, startRequest("r1", C1, "tdc", World.MEASUREMENT, key)));
            refused(ErrorCode.NOT_FOUND, () -> s.run("r1"));
        }

        @Test
        void refusesACcrTheContractDoesNotName() {
            Party other = w.onboard("ccr2", Role.CCR_PROVIDER, "Ccr2MSP");
            w.refuse(
                    ErrorCode.NOT_A_PARTY,
                    () -> start(
                            other,
                            startRequest(
                                    "r1",
                                    C1,
                                    "ccr2",
                                    World.MEASUREMENT,
                                    s.runKey("r1").publicKeyPem())));
        }

        @Test
        void refusesADraftContractSoNoRunAndNoKeyReleaseCanExistUnderIt() {
            s.draft("c2", "1", COWIN);
            w.refuse(ErrorCode.CONTRACT_NOT_STARTED, () -> s.startRun("c2", "r2"));
            w.refuse(ErrorCode.NOT_FOUND, () -> s.release(s.cowin, "r2", COWIN));
        }

        @Test
        void refusesAnActiveContractBeforeValidFrom() {
            activeFrom("c2", Duration.ofDays(5));
            assertThat(s.contract("c2").status()).isEqualTo(ContractStatus.ACTIVE);
            w.refuse(ErrorCode.CONTRACT_NOT_STARTED, () -> s.startRun("c2", "r2"));
            w.clock.advance(Duration.ofDays(5));
            assertThat(s.startRun("c2", "r2").status()).isEqualTo(RunStatus.STARTED);
        }

        @Test
        void refusesAnExpiredOrRevokedContract() {
            w.clock.advance(Duration.ofDays(30));
            w.refuse(ErrorCode.CONTRACT_EXPIRED, () -> s.startRun(C1, "r1"));
            w.clock.set(World.START);
            revoke(C1);
            w.refuse(ErrorCode.INVALID_STATE, () -> s.startRun(C1, "r1"));
        }

        @Test
        void refusesAMeasurementNotCertifiedOrNotAllowed() {
            String key = s.runKey("r1").publicKeyPem();
            w.refuse(
                    ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                    () -> start(s.ccr, startRequest("r1", C1, "ccr", World.OTHER_MEASUREMENT, key)));
            w.certify(World.OTHER_MEASUREMENT);
            w.refuse(
                    ErrorCode.MEASUREMENT_NOT_ALLOWED,
                    () -> start(s.ccr, startRequest("r1", C1, "ccr", World.OTHER_MEASUREMENT, key)));
            w.sroLedger().submit(Measurements.REVOKE, new RevokeMeasurementRequest(World.MEASUREMENT, "bug"));
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.startRun(C1, "r1"));
        }

        @Test
        void refusesADuplicateRunIdAndASecondOpenRunUntilTheFirstFails() {
            s.startRun(C1, "r1");
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> s.startRun(C1, "r1"));
            w.refuse(ErrorCode.INVALID_STATE, () -> s.startRun(C1, "r2"));
            fail(s.ccr, "r1", "ccr", "node lost");
            assertThat(s.startRun(C1, "r2").status()).isEqualTo(RunStatus.STARTED);
            assertThat(w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, C1))
                    .extracting(TrainingRun::runId, TrainingRun::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("r1", RunStatus.FAILED),
                            org.assertj.core.groups.Tuple.tuple("r2", RunStatus.STARTED));
        }

        @Test
        void refusesRunKeysAndFieldsTheLedgerDoesNotAccept() {
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> start(
                            s.ccr,
                            startRequest(
                                    "r1", C1, "ccr", World.MEASUREMENT, SelfSigned.publicKeyPem(KeyType.EC_P521))));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> start(
                            s.ccr,
                            startRequest(
                                    "r1",
                                    C1,
                                    "ccr",
                                    World.MEASUREMENT,
                                    s.runKey("r1").certificatePem())));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> start(
                            s.ccr,
                            startRequest(
                                    "r1",
                                    C1,
                                    "ccr",
                                    World.MEASUREMENT,
                                    "-----BEGIN PUBLIC KEY-----\nAA==\n" + "-----END PUBLIC KEY-----\n")));
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> start(
                                            s.ccr,
                                            startRequest(
                                                            "r1",
                                                            C1,
                                                            "ccr",
                                                            World.MEASUREMENT,
                                                            s.runKey("r1").publicKeyPem())
                                                    .declaring("abc", null, null)))
                            .getMessage())
                    .contains("'measurement'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> start(
                                            s.ccr,
                                            new StartRunRequest(
                                                    "r1",
                                                    C1,
                                                    "ccr",
                                                    "xyz!",
                                                    CleanRooms.chainPem(CleanRooms.ROOT.chain()),
                                                    s.runKey("r1").publicKeyPem())))
                            .getMessage())
                    .contains("'report'");
            w.refuse(
                    ErrorCode.NOT_FOUND,
                    () -> start(
                            s.ccr,
                            startRequest(
                                    "r1",
                                    "c9",
                                    "ccr",
                                    World.MEASUREMENT,
                                    s.runKey("r1").publicKeyPem())));
        }
    }

    @Nested
    class RecordKeyRelease {
        @BeforeEach
        void runStarted() {
            s.startRun(C1, "r1");
        }

        @Test
        void recordsTheReleaseOfADatasetKeyToTheRun() {
            KeyReleaseRecord k = s.release(s.icmr, "r1", ICMR);
            assertThat(k.runId()).isEqualTo("r1");
            assertThat(k.contractId()).isEqualTo(C1);
            assertThat(k.tdpId()).isEqualTo("icmr");
            assertThat(k.measurement()).isEqualTo(World.MEASUREMENT);
            assertThat(keyReleases("r1")).containsExactly(k);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("KeyReleased");
            assertThat(e.objectId()).isEqualTo("r1/" + ICMR);
            assertThat(e.actor()).isEqualTo("icmr");
        }

        @Test
        void keepsEveryReleaseOfTheSameKey() {
            s.release(s.icmr, "r1", ICMR);
            s.release(s.icmr, "r1", ICMR);
            assertThat(keyReleases("r1")).hasSize(2);
        }

        @Test
        void refusesATdpActingForAnotherOrganisationOrARoleOtherThanTdp() {
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> release(s.cowin, s.releaseRequest(s.icmr, "r1", ICMR)));
            w.refuse(ErrorCode.WRONG_ROLE, () -> release(s.tdc, s.releaseRequest(s.tdc, "r1", ICMR)));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesADatasetTheContractDoesNotName() {
            w.registerDataset(s.icmr, "icmr-extra", "5");
            w.refuse(ErrorCode.DATASET_NOT_IN_CONTRACT, () -> s.release(s.icmr, "r1", "icmr-extra"));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesATdpReleasingAnotherTdpsDataset() {
            w.refuse(ErrorCode.NOT_A_PARTY, () -> s.release(s.cowin, "r1", ICMR));
        }

        @Test
        void refusesAMeasurementOtherThanTheRunsUncertifiedOrNot() {
            KeyReleaseRequest ok = s.releaseRequest(s.icmr, "r1", ICMR);
            KeyReleaseRequest other = new KeyReleaseRequest(
                    ok.runId(),
                    ok.datasetId(),
                    ok.tdpId(),
                    World.OTHER_MEASUREMENT,
                    ok.reportSha256(),
                    ok.recipientKeySha256(),
                    ok.chipId(),
                    ok.reportedTcb(),
                    ok.runKeySignature());
            w.refuse(ErrorCode.MEASUREMENT_NOT_ALLOWED, () -> release(s.icmr, other));
            w.certify(World.OTHER_MEASUREMENT);
            w.refuse(ErrorCode.MEASUREMENT_NOT_ALLOWED, () -> release(s.icmr, other));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesAMeasurementRevokedAfterTheRunStarted() {
            w.sroLedger().submit(Measurements.REVOKE, new RevokeMeasurementRequest(World.MEASUREMENT, "bug"));
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.release(s.icmr, "r1", ICMR));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesAnExpiredContract() {
            w.clock.advance(Duration.ofDays(30));
            w.refuse(ErrorCode.CONTRACT_EXPIRED, () -> s.release(s.icmr, "r1", ICMR));
            w.sro.submit(Contracts.EXPIRE.name(), json(new ContractActionRequest(C1, null, null)));
            w.refuse(ErrorCode.INVALID_STATE, () -> s.release(s.icmr, "r1", ICMR));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesARevokedContract() {
            revoke(C1);
            w.refuse(ErrorCode.INVALID_STATE, () -> s.release(s.icmr, "r1", ICMR));
            assertThat(keyReleases("r1")).isEmpty();
        }

        @Test
        void refusesAnActiveContractBeforeValidFromEvenForARunStartedUnderIt() {
            activeFrom("c2", Duration.ofDays(1));
            w.clock.advance(Duration.ofDays(1));
            s.startRun("c2", "r2");
            // A client whose clock lags stamps the release before the contract's period.
            w.clock.set(World.START.plus(Duration.ofDays(1)).minusMillis(1));
            w.refuse(ErrorCode.CONTRACT_NOT_STARTED, () -> s.release(s.cowin, "r2", COWIN));
            assertThat(keyReleases("r2")).isEmpty();
        }

        @Test
        void refusesAFailedCompletedOrUnknownRun() {
            fail(s.ccr, "r1", "ccr", "crash");
            w.refuse(ErrorCode.RUN_NOT_ACTIVE, () -> s.release(s.icmr, "r1", ICMR));
            w.refuse(ErrorCode.NOT_FOUND, () -> s.release(s.icmr, "r9", ICMR));
            s.complete(C1, "r2", "1");
            w.refuse(ErrorCode.INVALID_STATE, () -> s.release(s.icmr, "r2", ICMR));
        }
    }

    @Nested
    class Fail {
        @BeforeEach
        void runStarted() {
            s.startRun(C1, "r1");
        }

        @Test
        void theCcrFailsItsRunAndNothingIsSpent() {
            String before = budgets();
            TrainingRun failed = fail(s.ccr, "r1", "ccr", "enclave crashed");
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.reason()).isEqualTo("enclave crashed");
            assertThat(budgets()).isEqualTo(before);
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(w.lastEvent().type()).isEqualTo("RunFailed");
        }

        @Test
        void refusesAnotherCcrAnotherOrganisationTwiceAndWithoutReason() {
            Party other = w.onboard("ccr2", Role.CCR_PROVIDER, "Ccr2MSP");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> fail(other, "r1", "ccr2", "sabotage"));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> fail(s.tdc, "r1", "ccr", "sabotage"));
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> fail(s.ccr, "r1", "ccr", null))
                            .getMessage())
                    .contains("'reason'");
            assertThat(s.run("r1").status()).isEqualTo(RunStatus.STARTED);
            fail(s.ccr, "r1", "ccr", "crash");
            w.refuse(ErrorCode.RUN_NOT_ACTIVE, () -> fail(s.ccr, "r1", "ccr", "again"));
            w.refuse(ErrorCode.NOT_FOUND, () -> fail(s.ccr, "r9", "ccr", "unknown"));
        }
    }

    @Nested
    class SubmitReceipt {
        @BeforeEach
        void runStarted() {
            s.startRun(C1, "r1");
        }

        private ReceiptBody body(String epsilon) {
            return s.body(C1, "r1", epsilon);
        }

        private ReceiptBody bodyWith(ReceiptDataset... used) {
            return s.body(C1, "r1", List.of(used));
        }

        private ReceiptDataset used(String datasetId, String epsilon) {
            return new ReceiptDataset(datasetId, Scenario.ciphertext(datasetId), new BigDecimal(epsilon));
        }

        /** Asserts a refused receipt left contract, run, budgets and payments exactly as they were. */
        private void refuseReceipt(ErrorCode code, SubmitReceiptRequest r) {
            String contract = w.raw(Contracts.GET.name(), C1);
            String run = w.raw(Runs.GET.name(), "r1");
            String budgets = budgets();
            w.refuse(code, () -> s.submit(r));
            assertThat(w.raw(Contracts.GET.name(), C1)).isEqualTo(contract);
            assertThat(w.raw(Runs.GET.name(), "r1")).isEqualTo(run);
            assertThat(budgets()).isEqualTo(budgets);
            refused(ErrorCode.NOT_FOUND, () -> w.sro.evaluate(Runs.GET_RECEIPT.name(), "r1"));
        }

        @Test
        void spendsTheBudgetCompletesTheContractAndCreatesPayments() {
            s.releaseAll(C1, "r1");
            SubmitReceiptRequest r = s.receipt(body("1.2"));
            TrainingReceipt receipt = s.submit(r);
            assertThat(receipt.body()).isEqualTo(Requests.receipt(r.body()));
            assertThat(receipt.body().datasets())
                    .extracting(ReceiptDataset::datasetId)
                    .containsExactly(COWIN, ICMR);
            assertThat(receipt.signature()).isEqualTo(r.signature());
            assertThat(receipt.contractVersion()).isEqualTo(1);
            assertThat(w.sroLedger().evaluate(Runs.GET_RECEIPT, "r1")).isEqualTo(receipt);
            assertThat(w.lastEvent().type()).isEqualTo("ReceiptSubmitted");

            ContractRecord c = s.contract(C1);
            assertThat(c.status()).isEqualTo(ContractStatus.COMPLETED);
            assertThat(c.receiptRunId()).isEqualTo("r1");
            assertThat(c.closedBy()).isEqualTo("ccr");
            assertThat(c.reservations()).isEmpty();
            assertThat(s.run("r1").status()).isEqualTo(RunStatus.COMPLETED);
            for (String d : List.of(ICMR, COWIN)) {
                PrivacyBudget b = s.budget(d);
                assertThat(b.reservedEpsilon()).isEqualByComparingTo("0");
                assertThat(b.spentEpsilon()).isEqualByComparingTo("1.2");
                assertThat(b.remaining()).isEqualByComparingTo("8.8");
            }
            List<PaymentInstruction> payments = w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, C1);
            assertThat(payments).extracting(PaymentInstruction::paymentId).containsExactly("c1.cowin", "c1.icmr");
            assertThat(payments).allSatisfy(p -> {
                assertThat(p.payerId()).isEqualTo("tdc");
                assertThat(p.amountMinor()).isEqualTo(5000L);
                assertThat(p.dataPrincipalMinor()).isEqualTo(500L);
                assertThat(p.payeeMinor()).isEqualTo(4500L);
                assertThat(p.status()).isEqualTo(PaymentStatus.PENDING);
                assertThat(p.runId()).isEqualTo("r1");
            });
        }

        @Test
        void aRunThatSpentNothingReturnsTheWholeReservation() {
            s.releaseAll(C1, "r1");
            s.submit(s.receipt(body("0")));
            assertThat(s.budget(ICMR).remaining()).isEqualByComparingTo("10");
            assertThat(s.budget(ICMR).spentEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void refusesASecondReceipt() {
            s.releaseAll(C1, "r1");
            SubmitReceiptRequest r = s.receipt(body("1.2"));
            s.submit(r);
            String receipt = w.raw(Runs.GET_RECEIPT.name(), "r1");
            String budgets = budgets();
            w.refuse(ErrorCode.RECEIPT_EXISTS, () -> s.submit(r));
            w.refuse(ErrorCode.RECEIPT_EXISTS, () -> s.submit(s.receipt(body("0.5"))));
            assertThat(w.raw(Runs.GET_RECEIPT.name(), "r1")).isEqualTo(receipt);
            assertThat(budgets()).isEqualTo(budgets);
        }

        @Test
        void refusesAWrongCiphertextHash() {
            s.releaseAll(C1, "r1");
            ReceiptDataset tampered =
                    new ReceiptDataset(ICMR, Hashes.sha256Hex("other ciphertext"), new BigDecimal("1"));
            refuseReceipt(ErrorCode.HASH_MISMATCH, s.receipt(bodyWith(tampered, used(COWIN, "1"))));
        }

        @Test
        void refusesEpsilonSpentAboveTheContract() {
            s.releaseAll(C1, "r1");
            refuseReceipt(ErrorCode.EPSILON_OVERSPENT, s.receipt(bodyWith(used(ICMR, "1.500001"), used(COWIN, "1"))));
        }

        @Test
        void refusesAReceiptBeforeAnyKeyRelease() {
            refuseReceipt(ErrorCode.KEY_NOT_RELEASED, s.receipt(body("1")));
        }

        @Test
        void refusesAReceiptForADatasetWhoseKeyWasNotReleased() {
            s.release(s.icmr, "r1", ICMR);
            LedgerException e = refusedReceipt(ErrorCode.KEY_NOT_RELEASED, s.receipt(body("1")));
            assertThat(e.getMessage()).contains(COWIN);
        }

        @Test
        void keysReleasedToAnEarlierRunDoNotCount() {
            s.releaseAll(C1, "r1");
            fail(s.ccr, "r1", "ccr", "crash");
            s.startRun(C1, "r2");
            w.refuse(ErrorCode.KEY_NOT_RELEASED, () -> s.submit(s.receipt(s.body(C1, "r2", "1"))));
            w.refuse(ErrorCode.RUN_NOT_ACTIVE, () -> s.submit(s.receipt(body("1"))));
        }

        @Test
        void refusesASignatureByAKeyOtherThanTheRunKey() {
            s.releaseAll(C1, "r1");
            Credentials stranger = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P384_SHA384,
                    "stranger",
                    World.START,
                    World.START.plus(Duration.ofDays(1)));
            refuseReceipt(ErrorCode.INVALID_SIGNATURE, s.receipt(body("1"), stranger));
            refuseReceipt(ErrorCode.INVALID_SIGNATURE, s.receipt(body("1"), s.ccr.credentials()));
        }

        @Test
        void refusesABodyChangedAfterSigning() {
            s.releaseAll(C1, "r1");
            SubmitReceiptRequest signed = s.receipt(body("1"));
            TreeMap<String, BigDecimal> better = new TreeMap<>(signed.body().metrics());
            better.put("accuracy", new BigDecimal("0.99"));
            ReceiptBody b = signed.body();
            ReceiptBody changed =
                    new ReceiptBody(b.runId(), b.contractId(), b.modelSha256(), b.datasets(), better, b.reportSha256());
            refuseReceipt(ErrorCode.INVALID_SIGNATURE, new SubmitReceiptRequest("ccr", changed, signed.signature()));
        }

        @Test
        void refusesAReceiptNamingAnotherReportThanTheRunsStart() {
            s.releaseAll(C1, "r1");
            ReceiptBody b = body("1");
            ReceiptBody other = new ReceiptBody(
                    b.runId(),
                    b.contractId(),
                    b.modelSha256(),
                    b.datasets(),
                    b.metrics(),
                    Hashes.sha256Hex("fresh report"));
            LedgerException e = refusedReceipt(ErrorCode.HASH_MISMATCH, s.receipt(other));
            assertThat(e.getMessage()).contains("start report");
        }

        @Test
        void refusesAHighSRunKeySignature() {
            s.releaseAll(C1, "r1");
            SubmitReceiptRequest signed = s.receipt(body("1"));
            byte[] der = Base64.getDecoder().decode(signed.signature());
            byte[] highS = Signatures.highS(der, Signatures.p384Order());
            refuseReceipt(
                    ErrorCode.MALLEABLE_SIGNATURE,
                    new SubmitReceiptRequest(
                            "ccr", signed.body(), Base64.getEncoder().encodeToString(highS)));
        }

        @Test
        void refusesAReceiptThatDoesNotAccountForExactlyTheContractsDatasets() {
            s.releaseAll(C1, "r1");
            LedgerException e = refusedReceipt(ErrorCode.INVALID_ARGUMENT, s.receipt(bodyWith(used(ICMR, "1"))));
            assertThat(e.getMessage()).contains("body.datasets", COWIN);
            w.registerDataset(s.icmr, "icmr-extra", "5");
            refuseReceipt(
                    ErrorCode.DATASET_NOT_IN_CONTRACT,
                    s.receipt(bodyWith(used(ICMR, "1"), used(COWIN, "1"), used("icmr-extra", "1"))));
            e = refusedReceipt(
                    ErrorCode.INVALID_ARGUMENT,
                    s.receipt(bodyWith(used(ICMR, "1"), used(COWIN, "1"), used(ICMR, "1"))));
            assertThat(e.getMessage()).contains("body.datasets[2].datasetId");
        }

        @Test
        void refusesABodyNamingAnotherContract() {
            s.active("c2", "1", ICMR);
            s.releaseAll(C1, "r1");
            ReceiptBody b = body("1");
            ReceiptBody other =
                    new ReceiptBody(b.runId(), "c2", b.modelSha256(), b.datasets(), b.metrics(), b.reportSha256());
            LedgerException e = refusedReceipt(ErrorCode.INVALID_ARGUMENT, s.receipt(other));
            assertThat(e.getMessage()).contains("body.contractId");
        }

        @Test
        void refusesAnotherCcrOrAnotherOrganisation() {
            s.releaseAll(C1, "r1");
            Party other = w.onboard("ccr2", Role.CCR_PROVIDER, "Ccr2MSP");
            SubmitReceiptRequest r = s.receipt(body("1"));
            w.refuse(ErrorCode.NOT_A_PARTY, () -> other.ledger()
                    .submit(Runs.SUBMIT_RECEIPT, new SubmitReceiptRequest("ccr2", r.body(), r.signature())));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> s.tdc.ledger().submit(Runs.SUBMIT_RECEIPT, r));
            assertThat(s.submit(r).body().runId()).isEqualTo("r1");
        }

        @Test
        void refusesAnExpiredContract() {
            s.releaseAll(C1, "r1");
            w.clock.advance(Duration.ofDays(30));
            refuseReceipt(ErrorCode.CONTRACT_EXPIRED, s.receipt(body("1")));
        }

        @Test
        void refusesARevokedContract() {
            s.releaseAll(C1, "r1");
            revoke(C1);
            refuseReceipt(ErrorCode.INVALID_STATE, s.receipt(body("1")));
            assertThat(s.budget(ICMR).spentEpsilon()).isEqualByComparingTo("0");
        }

        @Test
        void refusesAReceiptStampedBeforeValidFrom() {
            activeFrom("c2", Duration.ofDays(1));
            w.clock.advance(Duration.ofDays(1));
            s.startRun("c2", "r2");
            s.releaseAll("c2", "r2");
            w.clock.set(World.START.plus(Duration.ofDays(1)).minusMillis(1));
            w.refuse(ErrorCode.CONTRACT_NOT_STARTED, () -> s.submit(s.receipt(s.body("c2", "r2", "1"))));
            assertThat(s.contract("c2").status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesAFailedRun() {
            s.releaseAll(C1, "r1");
            fail(s.ccr, "r1", "ccr", "crash");
            w.refuse(ErrorCode.RUN_NOT_ACTIVE, () -> s.submit(s.receipt(body("1"))));
        }

        @Test
        void refusesInvalidBodiesNamingTheField() {
            s.releaseAll(C1, "r1");
            ReceiptBody b = bodyWith(used(ICMR, "1"), used(COWIN, "0.5"));
            TreeMap<String, BigDecimal> badName = new TreeMap<>(b.metrics());
            badName.put("Accuracy", BigDecimal.ONE);
            LedgerException e = refusedReceipt(
                    ErrorCode.INVALID_ARGUMENT,
                    s.receipt(new ReceiptBody(
                            b.runId(), b.contractId(), b.modelSha256(), b.datasets(), badName, b.reportSha256())));
            assertThat(e.getMessage()).contains("body.metrics.Accuracy");
            e = refusedReceipt(ErrorCode.INVALID_ARGUMENT, s.receipt(bodyWith(used(ICMR, "-1"), used(COWIN, "1"))));
            assertThat(e.getMessage()).contains("body.datasets[0].epsilonSpent");
            String json = json(s.receipt(b));
            e = w.refuse(ErrorCode.MALFORMED_REQUEST, () -> s.ccr.client()
                    .submit(
                            Runs.SUBMIT_RECEIPT.name(),
                            World.edit(json, "\"epsilonSpent\":\"1\"", "\"epsilonSpent\":NaN")));
            assertThat(e.getMessage()).contains("body.datasets[0].epsilonSpent");
            e = w.refuse(ErrorCode.MALFORMED_REQUEST, () -> s.ccr.client()
                    .submit(
                            Runs.SUBMIT_RECEIPT.name(),
                            World.edit(json, "\"accuracy\":\"0.71\"", "\"accuracy\":\"0.71\",\"accuracy\":\"0.99\"")));
            assertThat(e.getMessage()).contains("body.metrics.accuracy");
        }

        private LedgerException refusedReceipt(ErrorCode code, SubmitReceiptRequest r) {
            String budgets = budgets();
            LedgerException e = w.refuse(code, () -> s.submit(r));
            assertThat(budgets()).isEqualTo(budgets);
            assertThat(s.contract(C1).status()).isEqualTo(ContractStatus.ACTIVE);
            return e;
        }
    }

    @Nested
    class Queries {
        @Test
        void getListAndKeyReleasesRefuseUnknownOrInvalidIds() {
            s.startRun(C1, "r1");
            assertThat(s.run("r1").runId()).isEqualTo("r1");
            refused(ErrorCode.NOT_FOUND, () -> s.run("r9"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> s.run("R 9"));
            refused(ErrorCode.NOT_FOUND, () -> w.sro.evaluate(Runs.GET_RECEIPT.name(), "r1"));
            assertThat(keyReleases("r9")).isEmpty();
            assertThat(w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c9")).isEmpty();
            refused(ErrorCode.INVALID_ARGUMENT, () -> w.sro.evaluate(Runs.LIST_BY_CONTRACT.name(), "C9"));
        }
    }
}

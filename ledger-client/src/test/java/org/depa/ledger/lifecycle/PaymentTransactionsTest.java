package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;

import java.util.List;
import java.util.Locale;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * payments:* — settlement of the instructions a receipt creates. The fixture completes contract c1
 * (icmr-data and cowin-data, 5000 minor units each, 10% to data principals).
 */
class PaymentTransactionsTest {
    private static final String HASH = "0x" + "ab".repeat(32);
    private static final String OTHER_HASH = "0x" + "cd".repeat(32);
    private static final String ICMR_PAYMENT = "c1.icmr";
    private static final long CHAIN = 31337L;
    private static final long BLOCK = 42L;

    private Scenario s;
    private World w;
    private Party relay;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        s.active("c1", "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete("c1", "r1", "1");
        relay = w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private PaymentInstruction settle(Party submitter, String paymentId, String participantId, String hash) {
        return settle(submitter, paymentId, participantId, CHAIN, hash, BLOCK);
    }

    private PaymentInstruction settle(
            Party submitter, String paymentId, String participantId, Long chain, String hash, Long block) {
        return submitter
                .ledger()
                .submit(Payments.SETTLE, new SettlePaymentRequest(paymentId, participantId, chain, hash, block));
    }

    @Nested
    class Settle {
        @Test
        void theRelayRecordsTheChainTransaction() {
            PaymentInstruction settled = settle(relay, ICMR_PAYMENT, "relay", HASH);
            assertThat(settled.status()).isEqualTo(PaymentStatus.SETTLED);
            assertThat(settled.externalTxHash()).isEqualTo(HASH);
            assertThat(settled.chainId()).isEqualTo(CHAIN);
            assertThat(settled.blockNumber()).isEqualTo(BLOCK);
            assertThat(settled.settledBy()).isEqualTo("relay");
            assertThat(settled.settledAt()).isEqualTo(World.START.toString());
            assertThat(settled.amountMinor()).isEqualTo(5000L);
            assertThat(s.payment(ICMR_PAYMENT)).isEqualTo(settled);
            assertThat(s.payment("c1.cowin").status()).isEqualTo(PaymentStatus.PENDING);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("PaymentSettled");
            assertThat(e.objectId()).isEqualTo(ICMR_PAYMENT);
            assertThat(settled.settledTx()).isEqualTo(e.txId());
        }

        @Test
        void settlingAgainWithTheSameHashSucceedsAndChangesNothing() {
            settle(relay, ICMR_PAYMENT, "relay", HASH);
            String before = w.raw(Payments.GET.name(), ICMR_PAYMENT);
            String again = new String(
                    relay.client()
                            .submit(
                                    Payments.SETTLE.name(),
                                    World.json(new SettlePaymentRequest(ICMR_PAYMENT, "relay", CHAIN, HASH, BLOCK))),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(again).isEqualTo(before);
            assertThat(w.lastEvent().type()).isEqualTo("PaymentSettlementConfirmed");
            PaymentInstruction upper = settle(
                    relay, ICMR_PAYMENT, "relay", HASH.toUpperCase(Locale.ROOT).replace("0X", "0x"));
            assertThat(upper.externalTxHash()).isEqualTo(HASH);
            assertThat(w.raw(Payments.GET.name(), ICMR_PAYMENT)).isEqualTo(before);
        }

        @Test
        void refusesAnyOtherRecordForASettledPayment() {
            settle(relay, ICMR_PAYMENT, "relay", HASH);
            String before = w.raw(Payments.GET.name(), ICMR_PAYMENT);
            w.refuse(ErrorCode.PAYMENT_ALREADY_SETTLED, () -> settle(relay, ICMR_PAYMENT, "relay", OTHER_HASH));
            w.refuse(
                    ErrorCode.PAYMENT_ALREADY_SETTLED,
                    () -> settle(relay, ICMR_PAYMENT, "relay", CHAIN, HASH, BLOCK + 1));
            w.refuse(
                    ErrorCode.PAYMENT_ALREADY_SETTLED,
                    () -> settle(relay, ICMR_PAYMENT, "relay", CHAIN + 1, HASH, BLOCK));
            assertThat(w.raw(Payments.GET.name(), ICMR_PAYMENT)).isEqualTo(before);
        }

        @Test
        void refusesAnyoneButTheRelayThePayerIncluded() {
            w.refuse(ErrorCode.WRONG_ROLE, () -> settle(s.tdc, ICMR_PAYMENT, "tdc", HASH));
            w.refuse(ErrorCode.WRONG_ROLE, () -> settle(s.icmr, ICMR_PAYMENT, "icmr", HASH));
            w.refuse(ErrorCode.WRONG_ROLE, () -> settle(s.ccr, ICMR_PAYMENT, "ccr", HASH));
            assertThat(s.payment(ICMR_PAYMENT).status()).isEqualTo(PaymentStatus.PENDING);
        }

        @Test
        void refusesASubmitterActingForTheRelayFromAnotherOrganisation() {
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> settle(s.tdc, ICMR_PAYMENT, "relay", HASH));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> settle(s.icmr, ICMR_PAYMENT, "relay", HASH));
            assertThat(s.payment(ICMR_PAYMENT).status()).isEqualTo(PaymentStatus.PENDING);
        }

        @Test
        void refusesASuspendedOrUnverifiedRelay() {
            Party unverified = w.register(
                    "relay-2",
                    Role.PAYMENT_RELAY,
                    "RelayMSP",
                    org.depa.ledger.model.crypto.SignatureAlgorithm.ECDSA_P256_SHA256);
            w.refuse(ErrorCode.PARTICIPANT_NOT_VERIFIED, () -> settle(unverified, ICMR_PAYMENT, "relay-2", HASH));
            w.suspend("relay");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> settle(relay, ICMR_PAYMENT, "relay", HASH));
            assertThat(s.payment(ICMR_PAYMENT).status()).isEqualTo(PaymentStatus.PENDING);
        }

        @Test
        void refusesMalformedHashesAndPaymentIds() {
            for (String bad :
                    List.of("ab".repeat(32), "0x" + "ab".repeat(31), "0x" + "zz".repeat(32), "0x" + "ab".repeat(33))) {
                assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> settle(relay, ICMR_PAYMENT, "relay", bad))
                                .getMessage())
                        .contains("'externalTxHash'");
            }
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> settle(relay, ICMR_PAYMENT, "relay", null));
            for (Long chain : new Long[] {null, 0L, -1L}) {
                assertThat(w.refuse(
                                        ErrorCode.INVALID_ARGUMENT,
                                        () -> settle(relay, ICMR_PAYMENT, "relay", chain, HASH, BLOCK))
                                .getMessage())
                        .contains("'chainId'");
            }
            for (Long block : new Long[] {null, -1L}) {
                assertThat(w.refuse(
                                        ErrorCode.INVALID_ARGUMENT,
                                        () -> settle(relay, ICMR_PAYMENT, "relay", CHAIN, HASH, block))
                                .getMessage())
                        .contains("'blockNumber'");
            }
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> settle(relay, "c1", "relay", HASH))
                            .getMessage())
                    .contains("'paymentId'");
            w.refuse(ErrorCode.NOT_FOUND, () -> settle(relay, "c1.nobody", "relay", HASH));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> relay.client()
                    .submit(
                            Payments.SETTLE.name(),
                            "{\"paymentId\":\"c1.icmr\",\"participantId\":\"relay\",\"chainId\":1,"
                                    + "\"externalTxHash\":\"" + HASH + "\",\"blockNumber\":1,\"amount\":1}"));
            assertThat(s.payment(ICMR_PAYMENT).status()).isEqualTo(PaymentStatus.PENDING);
        }

        @Test
        void settlesPaymentsWhoseIdsAreLongerThanOneId() {
            String tdpId = "indian-council-of-medical-research-tdp";
            String contractId = "covid-vaccine-efficacy-study-2026-q1-consumer-cohort";
            Party tdp = w.onboard(tdpId, Role.TDP, "LongMSP");
            w.registerDataset(tdp, "long-data", "5");
            s.active(contractId, "1", "long-data");
            s.complete(contractId, "r2", "1");
            String paymentId = contractId + "." + tdpId;
            assertThat(paymentId.length()).isGreaterThan(64);
            assertThat(s.payment(paymentId).payeeId()).isEqualTo(tdpId);
            assertThat(settle(relay, paymentId, "relay", HASH).status()).isEqualTo(PaymentStatus.SETTLED);
        }
    }

    @Nested
    class Queries {
        @Test
        void listByContractReturnsOneInstructionPerTdp() {
            List<PaymentInstruction> payments = w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, "c1");
            assertThat(payments).extracting(PaymentInstruction::payeeId).containsExactly("cowin", "icmr");
            assertThat(w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, "c9")).isEmpty();
            refused(ErrorCode.INVALID_ARGUMENT, () -> w.sro.evaluate(Payments.LIST_BY_CONTRACT.name(), "C9"));
        }

        @Test
        void splitsRoundingTheDataPrincipalsShareDown() {
            ContractProposal p = s.proposal("c2", "1", Scenario.ICMR_DATA);
            var clause = p.datasets().get(0);
            s.propose(new ContractProposal(
                    p.contractId(),
                    p.tdcId(),
                    p.ccrProviderId(),
                    p.purpose(),
                    p.validFrom(),
                    p.validUntil(),
                    List.of(new org.depa.ledger.model.tx.DatasetClauseRequest(
                            clause.datasetId(), clause.joinColumn(), clause.privacy(), 5001L)),
                    p.allowedMeasurements(),
                    new PaymentTerms("INR", 3333),
                    p.revocation()));
            s.signAll("c2");
            w.activate(s.tdc, "c2");
            s.complete("c2", "r2", "1");
            PaymentInstruction pay = s.payment("c2.icmr");
            assertThat(pay.amountMinor()).isEqualTo(5001L);
            assertThat(pay.dataPrincipalMinor()).isEqualTo(1666L);
            assertThat(pay.payeeMinor()).isEqualTo(3335L);
        }

        /** What a relay without a checkpoint settles: every PENDING instruction, none settled, in key order. */
        @Test
        void listPendingReturnsEveryPendingInstructionAndNoSettledOne() {
            s.active("c3", "1", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
            s.complete("c3", "r3", "1");
            assertThat(w.sroLedger().evaluate(Payments.LIST_PENDING))
                    .extracting(PaymentInstruction::paymentId)
                    .containsExactly("c1.cowin", "c1.icmr", "c3.cowin", "c3.icmr");
            settle(relay, ICMR_PAYMENT, "relay", HASH);
            assertThat(s.tdc.ledger().evaluate(Payments.LIST_PENDING))
                    .extracting(PaymentInstruction::paymentId)
                    .containsExactly("c1.cowin", "c3.cowin", "c3.icmr");
        }

        @Test
        void getRefusesUnknownAndInvalidIds() {
            assertThat(s.payment(ICMR_PAYMENT).contractId()).isEqualTo("c1");
            refused(ErrorCode.NOT_FOUND, () -> s.payment("c9.icmr"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> s.payment("C9"));
        }
    }
}

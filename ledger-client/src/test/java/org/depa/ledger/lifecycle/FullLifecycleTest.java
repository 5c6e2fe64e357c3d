package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;

/** The whole lifecycle, three TDPs, on the embedded ledger: every step and its effect on state. */
class FullLifecycleTest {

    @Test
    void threeProviderContractRunsFromProposalToSettledPayment() {
        try (World w = new World()) {
            w.publishAgreement("v1");
            Party icmr = w.onboard("icmr", Role.TDP, "IcmrMSP");
            Party cowin = w.onboard("cowin", Role.TDP, "CowinMSP", SignatureAlgorithm.ED25519);
            Party index = w.onboard("index", Role.TDP, "IndexMSP", SignatureAlgorithm.ECDSA_P384_SHA384);
            Party tdc = w.onboard("tdc", Role.TDC, "ConsumerMSP");
            Party ccr = w.onboard("ccr", Role.CCR_PROVIDER, "CcrMSP");
            w.certify(World.MEASUREMENT);
            for (Party p : List.of(icmr, cowin, index)) {
                w.registerDataset(p, p.id() + "-data", "10");
            }
            ContractRecord draft = w.propose(
                    tdc,
                    World.proposal("covid-1", "tdc", "ccr", List.of("icmr-data", "cowin-data", "index-data"), "1.5"));
            assertThat(draft.status()).isEqualTo(ContractStatus.DRAFT);
            assertThat(draft.parties()).containsExactly("ccr", "cowin", "icmr", "index", "tdc");

            for (Party p : List.of(tdc, icmr, cowin, index, ccr)) {
                w.sign(p, "covid-1");
            }
            ContractRecord active = w.activate(tdc, "covid-1");
            assertThat(active.status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(budget(w, "icmr-data").reservedEpsilon()).isEqualByComparingTo("1.5");

            Credentials runKey = World.runKey();
            org.depa.ledger.model.domain.TrainingRun run = w.startRun(ccr, "run-1", "covid-1", runKey);
            for (Party p : List.of(icmr, cowin, index)) {
                p.ledger()
                        .submit(
                                Runs.RECORD_KEY_RELEASE,
                                new KeyReleaseRequest(
                                        "run-1",
                                        p.id() + "-data",
                                        p.id(),
                                        World.MEASUREMENT,
                                        Hashes.sha256Hex("fresh-report"),
                                        Hashes.sha256Hex("ephemeral-key"),
                                        World.CHIP_ID,
                                        World.REPORTED_TCB,
                                        java.util.Base64.getEncoder()
                                                .encodeToString(LocalSigner.fromPem(runKey.privateKeyPem())
                                                        .sign(SigningPayloads.keyRelease(
                                                                "run-1",
                                                                p.id() + "-data",
                                                                Hashes.sha256Hex("fresh-report"),
                                                                Hashes.sha256Hex("ephemeral-key"))))));
            }
            TreeMap<String, BigDecimal> metrics = new TreeMap<>();
            metrics.put("accuracy", new BigDecimal("0.71"));
            metrics.put("roc_auc", new BigDecimal("0.74"));
            ReceiptBody body = Requests.receipt(new ReceiptBody(
                    "run-1",
                    "covid-1",
                    Hashes.sha256Hex("model"),
                    List.of(
                            new ReceiptDataset(
                                    "icmr-data", Hashes.sha256Hex("icmr-data-ciphertext"), new BigDecimal("1.2")),
                            new ReceiptDataset(
                                    "cowin-data", Hashes.sha256Hex("cowin-data-ciphertext"), new BigDecimal("1.2")),
                            new ReceiptDataset(
                                    "index-data", Hashes.sha256Hex("index-data-ciphertext"), new BigDecimal("1.2"))),
                    metrics,
                    run.reportSha256()));
            byte[] sig = LocalSigner.fromPem(runKey.privateKeyPem()).sign(SigningPayloads.receipt(w.domain(), body));
            TrainingReceipt receipt = ccr.ledger()
                    .submit(
                            Runs.SUBMIT_RECEIPT,
                            new SubmitReceiptRequest(
                                    "ccr", body, Base64.getEncoder().encodeToString(sig)));
            assertThat(receipt.body().runId()).isEqualTo("run-1");

            assertThat(w.contract("covid-1").status()).isEqualTo(ContractStatus.COMPLETED);
            PrivacyBudget b = budget(w, "icmr-data");
            assertThat(b.reservedEpsilon()).isEqualByComparingTo("0");
            assertThat(b.spentEpsilon()).isEqualByComparingTo("1.2");
            assertThat(b.remaining()).isEqualByComparingTo("8.8");

            List<PaymentInstruction> payments = w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, "covid-1");
            assertThat(payments).extracting(PaymentInstruction::payeeId).containsExactly("cowin", "icmr", "index");
            assertThat(payments.get(0).amountMinor()).isEqualTo(5000L);
            assertThat(payments.get(0).dataPrincipalMinor()).isEqualTo(500L);
            assertThat(payments.get(0).payeeMinor()).isEqualTo(4500L);

            String hash = "0x" + "ab".repeat(32);
            Party relay = w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            PaymentInstruction settled = relay.ledger()
                    .submit(Payments.SETTLE, new SettlePaymentRequest("covid-1.icmr", "relay", 31337L, hash, 9L));
            assertThat(settled.status()).isEqualTo(PaymentStatus.SETTLED);

            LedgerClient auditor = w.sro;
            try (LedgerClient.EventStream events = auditor.events(1)) {
                LedgerEventRecord first = events.next();
                assertThat(first.name()).isEqualTo("AgreementPublished");
                assertThat(first.blockNumber()).isEqualTo(1);
            }
        }
    }

    private static PrivacyBudget budget(World w, String datasetId) {
        return w.sroLedger().evaluate(Datasets.GET_BUDGET, datasetId);
    }
}

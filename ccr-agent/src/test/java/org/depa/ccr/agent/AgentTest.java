package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
    @TempDir
    Path dir;

    AgentWorld a;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
    }

    @AfterEach
    void close() {
        a.close();
    }

    TrainingRun run(String runId) {
        return a.w.sroLedger().evaluate(Runs.GET, runId);
    }

    List<TrainingRun> runs() {
        return a.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, AgentWorld.CONTRACT);
    }

    PrivacyBudget budget(String datasetId) {
        return a.w.sroLedger().evaluate(Datasets.GET_BUDGET, datasetId);
    }

    @Nested
    class CompleteRun {
        @Test
        void receiptOnTheLedgerBudgetsSpentModelSealedToTheTdc() throws Exception {
            JoiningTrainer trainer = new JoiningTrainer("0.912345678", 0);
            Agent.Result r = a.agent("run-1", dir.resolve("work"), a.releasingKeys(), trainer)
                    .run();

            TrainingReceipt receipt = a.w.sroLedger().evaluate(Runs.GET_RECEIPT, "run-1");
            assertThat(receipt.body()).isEqualTo(r.receipt().body());
            assertThat(receipt.body().datasets())
                    .extracting(d -> d.epsilonSpent().toPlainString())
                    .containsOnly("0.912346"); // rounded up, never down
            assertThat(run("run-1").status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(a.w.contract(AgentWorld.CONTRACT).status()).isEqualTo(ContractStatus.COMPLETED);
            assertThat(budget(AgentWorld.ICMR).spentEpsilon()).isEqualByComparingTo("0.912346");
            assertThat(budget(AgentWorld.COWIN).spentEpsilon()).isEqualByComparingTo("0.912346");

            // The trainer got both decrypted tables and the contract's tightest limits.
            assertThat(trainer.lastInput.tables())
                    .extracting(Trainer.Table::joinColumn)
                    .containsOnly("mobile");
            assertThat(trainer.lastInput.privacy().epsilon()).isEqualByComparingTo("1.5");

            // Only the TDC can open the model, and it is the model the receipt names.
            byte[] model = open(Files.readString(r.sealedModel()));
            assertThat(Hashes.sha256Hex(model)).isEqualTo(receipt.body().modelSha256());
            assertThat(new String(model, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("age=61")
                    .contains("result=1");
            JWEObject jwe = JWEObject.parse(Files.readString(r.sealedReport()));
            assertThat(jwe.getHeader().getCustomParam("depa.runId")).isEqualTo("run-1");
            assertThat(a.log()).contains("EMULATED");
        }

        @Test
        void startReportBindsTheRunKey() throws Exception {
            Agent.Result r = a.agent("run-1", dir.resolve("work"), a.releasingKeys(), new JoiningTrainer("1", 0))
                    .run();
            TrainingRun run = run("run-1");
            assertThat(run.reportSha256()).isEqualTo(r.receipt().body().reportSha256());
            assertThat(run.measurement()).isEqualTo(World.MEASUREMENT);
            assertThat(a.w.sroLedger().evaluate(Runs.KEY_RELEASES, "run-1")).hasSize(2);
        }

        byte[] open(String compact) throws Exception {
            PrivateKeyInfo info;
            try (PEMParser p =
                    new PEMParser(new StringReader(a.tdc.credentials().privateKeyPem()))) {
                info = (PrivateKeyInfo) p.readObject();
            }
            ECPrivateKey key = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
            JWEObject jwe = JWEObject.parse(compact);
            jwe.decrypt(new ECDHDecrypter(key));
            return jwe.getPayload().toBytes();
        }
    }

    @Nested
    class ContractRefusals {
        @Test
        void forgedSignatureFromALyingHostIsRefused() {
            LyingLedger host = new LyingLedger(a.ccr.client(), Contracts.SIGNATURES.name(), json -> {
                int at = json.indexOf("\"signature\":\"") + 13;
                String sig = json.substring(at, json.indexOf('"', at));
                byte[] raw = Base64.getDecoder().decode(sig);
                raw[raw.length - 3] ^= 1;
                return json.replace(sig, Base64.getEncoder().encodeToString(raw));
            });
            assertThatThrownBy(() -> a.agent(
                                    "run-1", dir.resolve("work"), host, a.releasingKeys(), new JoiningTrainer("1", 0))
                            .run())
                    .isInstanceOf(AgentException.class)
                    .hasMessageContaining("does not verify")
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.CONTRACT));
            assertThat(runs()).isEmpty();
        }

        @Test
        void aMissingSignatureHiddenByTheHostIsRefused() {
            LyingLedger host = new LyingLedger(a.ccr.client(), Contracts.SIGNATURES.name(), json -> "[]");
            assertThatThrownBy(() -> a.agent(
                                    "run-1", dir.resolve("work"), host, a.releasingKeys(), new JoiningTrainer("1", 0))
                            .run())
                    .hasMessageContaining("lacks the signature");
        }

        @Test
        void alteredTermsFromTheHostAreRefused() {
            LyingLedger host = new LyingLedger(
                    a.ccr.client(),
                    Contracts.GET.name(),
                    json -> json.replace("\"epsilon\":\"1.5\"", "\"epsilon\":\"9\""));
            assertThatThrownBy(() -> a.agent(
                                    "run-1", dir.resolve("work"), host, a.releasingKeys(), new JoiningTrainer("1", 0))
                            .run())
                    .hasMessageContaining("terms hash to");
        }

        @Test
        void revokedContractIsRefused() {
            a.icmr.ledger()
                    .submit(
                            Contracts.REVOKE,
                            new ContractActionRequest(AgentWorld.CONTRACT, a.icmr.id(), "consent withdrawn"));
            assertThatThrownBy(
                            () -> a.agent("run-1", dir.resolve("work"), a.releasingKeys(), new JoiningTrainer("1", 0))
                                    .run())
                    .hasMessageContaining("REVOKED");
            assertThat(runs()).isEmpty();
        }

        @Test
        void expiredContractIsRefused() {
            a.w.clock.advance(Duration.ofDays(31));
            assertThatThrownBy(
                            () -> a.agent("run-1", dir.resolve("work"), a.releasingKeys(), new JoiningTrainer("1", 0))
                                    .run())
                    .hasMessageContaining("valid from");
        }

        @Test
        void anotherMeasurementIsRefused() {
            Agent agent = new Agent(
                    a.settings("run-1", dir.resolve("work")),
                    a.ccr.ledger(),
                    EvidenceSource.emulated(a.emulator, new byte[48]),
                    a.releasingKeys(),
                    new JoiningTrainer("1", 0),
                    a.log);
            assertThatThrownBy(agent::run).hasMessageContaining("does not allow this clean room's measurement");
        }
    }

    @Nested
    class DatasetRefusals {
        @Test
        void aCiphertextOtherThanTheSignedOneFailsTheRunBeforeAnyKeyIsReleasedAndSpendsNothing() throws Exception {
            Path enc = a.ciphertext(AgentWorld.COWIN);
            byte[] ct = Files.readAllBytes(enc);
            ct[ct.length / 2] ^= 1;
            Files.write(enc, ct);
            assertThatThrownBy(
                            () -> a.agent("run-1", dir.resolve("work"), a.releasingKeys(), new JoiningTrainer("1", 0))
                                    .run())
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.DATA))
                    .hasMessageContaining("differs from the contract's");
            assertThat(run("run-1").status()).isEqualTo(RunStatus.FAILED);
            assertThat(run("run-1").reason()).startsWith("DATA: dataset 'cowin-data': ciphertext sha256");
            // Every ciphertext is checked before any key is asked for: neither TDP released one.
            assertThat(a.w.sroLedger().evaluate(Runs.KEY_RELEASES, "run-1")).isEmpty();
            assertThat(budget(AgentWorld.COWIN).spentEpsilon()).isEqualByComparingTo("0");
            assertThat(Files.exists(dir.resolve("work/plain/cowin-data.csv"))).isFalse();
        }

        @Test
        void aKeyTheAgentCannotGetFailsTheRun() {
            KeySource refusing = (d, runId, ev, rk) -> {
                throw new AgentException(
                        Stage.KEY_RELEASE, "bridge of " + d.ownerId() + " refused: CONTRACT_NOT_ACTIVE");
            };
            assertThatThrownBy(() -> a.agent("run-1", dir.resolve("work"), refusing, new JoiningTrainer("1", 0))
                            .run())
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.KEY_RELEASE));
            assertThat(run("run-1").status()).isEqualTo(RunStatus.FAILED);
            assertThat(run("run-1").reason()).contains("refused");
        }

        @Test
        void aTrainerOverspendingIsCaughtBeforeTheReceipt() {
            assertThatThrownBy(
                            () -> a.agent("run-1", dir.resolve("work"), a.releasingKeys(), new JoiningTrainer("1.6", 0))
                                    .run())
                    .hasMessageContaining("above the contract's 1.5");
            assertThat(budget(AgentWorld.ICMR).spentEpsilon()).isEqualByComparingTo("0");
        }
    }

    @Nested
    class CrashSafety {
        @Test
        void killedMidTrainingThenRestartedYieldsExactlyOneReceipt() {
            JoiningTrainer crashing = new JoiningTrainer("0.8", 1);
            Path work = dir.resolve("work");
            assertThatThrownBy(() ->
                            a.agent("run-1", work, a.releasingKeys(), crashing).run())
                    .isInstanceOf(AgentWorld.Killed.class);
            assertThat(run("run-1").status()).isEqualTo(RunStatus.STARTED);

            Agent.Result r = a.agent("run-1", work, a.releasingKeys(), crashing).run();
            assertThat(r.resumed()).isTrue();
            assertThat(runs()).hasSize(1);
            assertThat(budget(AgentWorld.ICMR).spentEpsilon()).isEqualByComparingTo("0.8");
            assertThat(crashing.calls.get()).isEqualTo(2);

            // A third start finds the run done and changes nothing.
            Agent.Result again =
                    a.agent("run-1", work, a.releasingKeys(), crashing).run();
            assertThat(again.receipt().txId()).isEqualTo(r.receipt().txId());
            assertThat(crashing.calls.get()).isEqualTo(2);
            assertThat(budget(AgentWorld.ICMR).spentEpsilon()).isEqualByComparingTo("0.8");
        }

        @Test
        void killedAfterTheReceiptCommittedDoesNotSubmitASecond() {
            Path work = dir.resolve("work");
            // The host loses the answer to submitReceipt: committed on the ledger, the agent dies.
            LedgerClientKilledAfter host = new LedgerClientKilledAfter(a.ccr.client(), Runs.SUBMIT_RECEIPT.name());
            assertThatThrownBy(() -> a.agent("run-1", work, host, a.releasingKeys(), new JoiningTrainer("0.7", 0))
                            .run())
                    .isInstanceOf(AgentWorld.Killed.class);
            TrainingReceipt committed = a.w.sroLedger().evaluate(Runs.GET_RECEIPT, "run-1");

            Agent.Result r = a.agent("run-1", work, a.releasingKeys(), new JoiningTrainer("0.7", 0))
                    .run();
            assertThat(r.receipt().txId()).isEqualTo(committed.txId());
            assertThat(budget(AgentWorld.ICMR).spentEpsilon()).isEqualByComparingTo("0.7");
        }

        @Test
        void killedRightAfterTheStartCommittedReusesTheRun() {
            Path work = dir.resolve("work");
            LedgerClientKilledAfter host = new LedgerClientKilledAfter(a.ccr.client(), Runs.START.name());
            assertThatThrownBy(() -> a.agent("run-1", work, host, a.releasingKeys(), new JoiningTrainer("0.5", 0))
                            .run())
                    .isInstanceOf(AgentWorld.Killed.class);
            Agent.Result r = a.agent("run-1", work, a.releasingKeys(), new JoiningTrainer("0.5", 0))
                    .run();
            assertThat(r.resumed()).isTrue();
            assertThat(runs()).hasSize(1);
        }

        @Test
        void aJournalOfAnotherRunIsRefused() {
            Path work = dir.resolve("work");
            a.agent("run-1", work, a.releasingKeys(), new JoiningTrainer("0.5", 0))
                    .run();
            assertThatThrownBy(() -> a.agent("run-2", work, a.releasingKeys(), new JoiningTrainer("0.5", 0))
                            .run())
                    .hasMessageContaining("belongs to run 'run-1'");
        }
    }

    @Test
    void tightestLimitsAcrossClauses() {
        var c1 = new org.depa.ledger.model.domain.DatasetClause(
                "a",
                "t",
                "h",
                "k",
                new org.depa.ledger.model.domain.PrivacyConstraints(
                        new BigDecimal("1.5"), new BigDecimal("0.01"), new BigDecimal("1.0"), new BigDecimal("2.0"), 5),
                1L);
        var c2 = new org.depa.ledger.model.domain.DatasetClause(
                "b",
                "t",
                "h",
                "k",
                new org.depa.ledger.model.domain.PrivacyConstraints(
                        new BigDecimal("2"),
                        new BigDecimal("0.00001"),
                        new BigDecimal("0.5"),
                        new BigDecimal("1.1"),
                        3),
                1L);
        var t = ContractLimits.tightest(List.of(c1, c2));
        assertThat(t.epsilon()).isEqualByComparingTo("1.5");
        assertThat(t.delta()).isEqualByComparingTo("0.00001");
        assertThat(t.maxGradNorm()).isEqualByComparingTo("0.5");
        assertThat(t.noiseMultiplier()).isEqualByComparingTo("2.0");
        assertThat(t.epochs()).isEqualTo(3);
        assertThat(ReceiptWriter.reported(new BigDecimal("1.4999999"), new BigDecimal("1.5"))
                        .toPlainString())
                .isEqualTo("1.5");
        assertThat(ReceiptWriter.reported(new BigDecimal("0.1234561"), new BigDecimal("1.5"))
                        .toPlainString())
                .isEqualTo("0.123457");
    }
}

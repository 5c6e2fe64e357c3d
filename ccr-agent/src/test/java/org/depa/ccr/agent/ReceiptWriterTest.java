package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptWriterTest {
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

    StepKit kit() {
        return new StepKit(a, "run-1", dir.resolve("work"), new JoiningTrainer("0.1234561", 0));
    }

    @Test
    void submitsTheSignedReceiptOnceAndAnswersWithTheRecordedOne() {
        StepKit kit = kit();
        RunJournal journal = kit.leftAt(Step.SEALED);
        Admission.Admitted admitted = kit.admit(journal);
        TrainingReceipt receipt = kit.steps.receipts().submit(journal, admitted);

        assertThat(journal.step()).isEqualTo(Step.DONE);
        assertThat(receipt.body().modelSha256()).isEqualTo(journal.state().modelSha256());
        assertThat(receipt.body().reportSha256()).isEqualTo(journal.state().startReportSha256());
        assertThat(receipt.body().datasets())
                .extracting(d -> d.epsilonSpent().toPlainString())
                .containsOnly("0.123457");
        assertThat(a.log()).contains("ccr-agent: receipt of run run-1 recorded in tx " + receipt.txId());

        // Asked again (a kill before DONE was written): the ledger has it, nothing is submitted.
        journal.advance(Step.SEALED);
        TrainingReceipt again = kit.steps.receipts().submit(journal, admitted);
        assertThat(again.txId()).isEqualTo(receipt.txId());
        assertThat(kit.host.submitted(Runs.SUBMIT_RECEIPT.name())).isEqualTo(1);
    }

    @Test
    void aReceiptCommittedBeforeAKillMovesTheJournalToDone() {
        StepKit kit = kit();
        RunJournal journal = kit.leftAt(Step.DONE);
        journal.advance(Step.SEALED);

        assertThat(kit.steps.receipts().recordedEarlier(journal)).isTrue();
        assertThat(journal.step()).isEqualTo(Step.DONE);
    }

    @Test
    void noReceiptOrAnotherRunKeyIsNotRecordedEarlier() {
        StepKit kit = kit();
        RunJournal journal = kit.leftAt(Step.SEALED);
        assertThat(kit.steps.receipts().recordedEarlier(journal)).isFalse();
        assertThat(journal.step()).isEqualTo(Step.SEALED);

        kit.steps.receipts().submit(journal, kit.admit(journal));
        RunJournal stranger = new JournalOpener(a.settings("run-1", dir.resolve("stranger")), a.log)
                .openOrBegin()
                .journal();
        stranger.advance(Step.SEALED);
        assertThat(kit.steps.receipts().recordedEarlier(stranger)).isFalse();
        assertThat(stranger.step()).isEqualTo(Step.SEALED);
    }

    @Test
    void aJournalAtDoneWithoutAReceiptOnTheLedgerIsRefused() {
        StepKit kit = kit();
        assertThatThrownBy(() -> kit.steps.receipts().recorded())
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.JOURNAL))
                .hasMessageContaining("journal says done but the ledger has no receipt for 'run-1'");
    }

    @Test
    void reportsEpsilonRoundedUpAndNeverAboveTheBudget() {
        assertThat(ReceiptWriter.reported(new BigDecimal("0.1234561"), new BigDecimal("1.5"))
                        .toPlainString())
                .isEqualTo("0.123457");
        assertThat(ReceiptWriter.reported(new BigDecimal("1.4999999"), new BigDecimal("1.5"))
                        .toPlainString())
                .isEqualTo("1.5");
        assertThat(ReceiptWriter.reported(new BigDecimal("2.000000"), new BigDecimal("3"))
                        .toPlainString())
                .isEqualTo("2");
    }
}

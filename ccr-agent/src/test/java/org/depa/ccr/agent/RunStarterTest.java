package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.FailRunRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStarterTest {
    @TempDir
    Path dir;

    AgentWorld a;
    StepKit kit;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
        kit = new StepKit(a, "run-1", dir.resolve("work"), new JoiningTrainer("0.5", 0));
    }

    @AfterEach
    void close() {
        a.close();
    }

    TrainingRun ledgerRun() {
        return a.w.sroLedger().evaluate(Runs.GET, "run-1");
    }

    @Test
    void startsTheRunOnceUnderTheJournalsKey() {
        RunJournal journal = kit.begin();
        Admission.Admitted admitted = kit.admit(journal);
        kit.steps.starter().ensureStarted(journal, admitted);

        assertThat(journal.step()).isEqualTo(Step.STARTED);
        assertThat(ledgerRun().status()).isEqualTo(RunStatus.STARTED);
        assertThat(ledgerRun().runPublicKeyPem()).isEqualTo(journal.state().runPublicKeyPem());
        assertThat(ledgerRun().reportSha256()).isEqualTo(journal.state().startReportSha256());
        assertThat(a.log()).contains("ccr-agent: run run-1 started in tx");

        kit.steps.starter().ensureStarted(journal, admitted);
        assertThat(kit.host.submitted(Runs.START.name())).isEqualTo(1);
        assertThat(journal.step()).isEqualTo(Step.STARTED);
    }

    /** Killed after runs:start committed, before the journal heard: the ledger's run is taken over. */
    @Test
    void takesOverTheRunTheLedgerAlreadyHasUnderItsKey() {
        RunJournal journal = kit.begin();
        kit.steps.starter().ensureStarted(journal, kit.admit(journal));
        String recordedReport = ledgerRun().reportSha256();
        journal.update(journal.state().withStartReportSha256(null).withStep(Step.NEW));

        StepKit restarted = new StepKit(a, "run-1", dir.resolve("work"), new JoiningTrainer("0.5", 0));
        RunJournal reopened = restarted.begin();
        restarted.steps.starter().ensureStarted(reopened, restarted.admit(reopened));

        assertThat(restarted.host.submitted(Runs.START.name())).isZero();
        assertThat(reopened.step()).isEqualTo(Step.STARTED);
        assertThat(reopened.state().startReportSha256()).isEqualTo(recordedReport);
    }

    @Test
    void refusesARunOfTheSameIdUnderAnotherKey() {
        RunJournal first = kit.begin();
        kit.steps.starter().ensureStarted(first, kit.admit(first));

        StepKit other = new StepKit(a, "run-1", dir.resolve("other-work"), new JoiningTrainer("0.5", 0));
        RunJournal second = other.begin();
        assertThatThrownBy(() -> other.steps.starter().ensureStarted(second, other.admit(second)))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.RUN_START))
                .hasMessageContaining("exists on the ledger with another key or contract");
        assertThat(other.host.submitted(Runs.START.name())).isZero();
    }

    /** A resumed run the ledger no longer has running (failed or aborted meanwhile) is refused. */
    @Test
    void refusesToResumeARunTheLedgerNoLongerHasRunning() {
        RunJournal journal = kit.started();
        a.ccr.ledger().submit(Runs.FAIL, new FailRunRequest("run-1", a.ccr.id(), "operator"));

        assertThatThrownBy(() -> kit.steps.starter().ensureStarted(journal, kit.admit(journal)))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.RUN_START))
                .hasMessageContaining("run 'run-1' is FAILED");
        assertThat(journal.step()).isEqualTo(Step.STARTED);
    }
}

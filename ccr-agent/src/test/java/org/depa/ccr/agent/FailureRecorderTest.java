package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureRecorderTest {
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
    void failsTheRunOnTheLedgerAndInTheJournalWithTheReasonCut() {
        RunJournal journal = kit.started();
        String reason = "DATASET: " + "x".repeat(600);
        kit.steps.failures().record(journal, reason);

        assertThat(ledgerRun().status()).isEqualTo(RunStatus.FAILED);
        assertThat(ledgerRun().reason()).isEqualTo(reason.substring(0, FailureRecorder.MAX_REASON));
        assertThat(journal.step()).isEqualTo(Step.FAILED);
        assertThat(journal.state().failure()).isEqualTo(reason.substring(0, FailureRecorder.MAX_REASON));
    }

    /** The ledger refusing the failure (here: no run to fail) still ends the run in the journal. */
    @Test
    void aLedgerThatRefusesIsLoggedAndTheJournalStillFails() {
        RunJournal journal = kit.begin();
        kit.steps.failures().record(journal, "KEY_RELEASE: refused");

        assertThat(a.log()).contains("ccr-agent: could not record the failure on the ledger:");
        assertThat(journal.step()).isEqualTo(Step.FAILED);
    }

    @Test
    void onlyThePermanentStagesFailTheRun() {
        RunJournal journal = kit.started();
        kit.steps.failures().recordIfFailing(journal, new AgentException(Stage.RECEIPT, "ledger unreachable"));
        kit.steps.failures().recordIfFailing(journal, new AgentException(Stage.ATTESTATION, "no evidence"));
        assertThat(journal.step()).isEqualTo(Step.STARTED);
        assertThat(ledgerRun().status()).isEqualTo(RunStatus.STARTED);

        kit.steps.failures().recordIfFailing(journal, new AgentException(Stage.SEALING, "no EC key"));
        assertThat(journal.step()).isEqualTo(Step.FAILED);
        assertThat(ledgerRun().reason()).isEqualTo("SEALING: no EC key");
    }

    /** A contract no longer in force ends the started run: a relaunch would meet the same contract. */
    @Test
    void aContractNoLongerInForceFailsTheStartedRun() {
        RunJournal journal = kit.started();
        kit.steps
                .failures()
                .recordIfFailing(journal, new AgentException(Stage.CONTRACT, "contract 'c1' is REVOKED, not ACTIVE"));
        assertThat(journal.step()).isEqualTo(Step.FAILED);
        assertThat(ledgerRun().status()).isEqualTo(RunStatus.FAILED);
        assertThat(ledgerRun().reason()).isEqualTo("CONTRACT: contract 'c1' is REVOKED, not ACTIVE");
    }

    /** A bridge that gives no answer is transient: the run is left for the next launch, which asks again. */
    @Test
    void aBridgeOutOfReachDoesNotFailTheRun() {
        RunJournal journal = kit.started();
        AgentException unreachable = new AgentException(
                Stage.KEY_RELEASE,
                "no key for dataset 'icmr-data'",
                new org.depa.kms.protocol.ReleaseTransportException("connection refused", null));
        assertThat(FailureKind.of(unreachable)).isEqualTo(FailureKind.TRANSIENT);
        kit.steps.failures().recordIfFailing(journal, unreachable);
        assertThat(journal.step()).isEqualTo(Step.STARTED);
        assertThat(ledgerRun().status()).isEqualTo(RunStatus.STARTED);
    }

    /** Before the run's start there is nothing on the ledger to fail: the journal is left as it is. */
    @Test
    void aPermanentFailureBeforeTheStartRecordsNothing() {
        RunJournal journal = kit.begin();
        kit.steps.failures().recordIfFailing(journal, new AgentException(Stage.CONTRACT, "REVOKED"));
        assertThat(journal.step()).isEqualTo(Step.NEW);
        assertThat(a.log()).doesNotContain("could not record the failure");
    }

    /**
     * The ledger out of reach (the operator's relay gone when the operator crashed) while sealing:
     * the run is not failed, in the journal or on the ledger, so the clean room's next launch resumes.
     */
    @Test
    void aLedgerOutOfReachNeverFailsTheRun() {
        RunJournal journal = kit.started();
        LedgerException gone = new LedgerException(
                LedgerException.Stage.UNAVAILABLE,
                ErrorCode.INTERNAL,
                "the operator's ledger relay cannot be reached",
                null,
                new java.net.ConnectException());
        kit.steps
                .failures()
                .recordIfFailing(
                        journal, new AgentException(Stage.SEALING, "the output key cannot be read: INTERNAL", gone));
        assertThat(journal.step()).isEqualTo(Step.STARTED);
        assertThat(ledgerRun().status()).isEqualTo(RunStatus.STARTED);
    }
}

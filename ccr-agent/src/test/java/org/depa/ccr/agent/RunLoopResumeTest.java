package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A journal left at each step, as a kill right after that step leaves it, resumes at the step after
 * it: the steps before are not done again (no second start, key release, training, sealing or
 * receipt) and the ones after are done once.
 */
class RunLoopResumeTest {
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

    @ParameterizedTest(name = "left at {0}: starts {1}, keys {2}, trainings {3}, sealed again {4}, receipts {5}")
    @CsvSource({
        "NEW,     1, 2, 1, true,  1",
        "STARTED, 0, 2, 1, true,  1",
        "TRAINED, 0, 0, 0, true,  1",
        "SEALED,  0, 0, 0, false, 1",
        "DONE,    0, 0, 0, false, 0",
    })
    void resumesAtTheStepAfterTheJournals(
            Step leftAt, int starts, int keyReleases, int trainings, boolean sealedAgain, int receipts)
            throws Exception {
        Path work = dir.resolve("work");
        new StepKit(a, "run-1", work, new JoiningTrainer("0.6", 0)).leftAt(leftAt);
        byte[] sealedBefore = sealedModel();

        JoiningTrainer trainer = new JoiningTrainer("0.6", 0);
        StepKit resumed = new StepKit(a, "run-1", work, trainer);
        Agent.Result r = agent(resumed).run();

        assertThat(a.log()).contains("resuming run run-1 after step " + leftAt);
        assertThat(resumed.host.submitted(Runs.START.name())).as("runs:start").isEqualTo(starts);
        assertThat(resumed.keysObtained.get()).as("keys obtained").isEqualTo(keyReleases);
        assertThat(trainer.calls.get()).as("trainer calls").isEqualTo(trainings);
        assertThat(!java.util.Arrays.equals(sealedModel(), sealedBefore))
                .as("sealed again")
                .isEqualTo(sealedAgain);
        assertThat(resumed.host.submitted(Runs.SUBMIT_RECEIPT.name()))
                .as("receipts")
                .isEqualTo(receipts);

        assertThat(r.resumed()).isTrue();
        assertThat(runOnLedger().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(budgetSpent(AgentWorld.ICMR)).isEqualByComparingTo("0.6");
        assertThat(r.receipt().body().modelSha256()).isNotBlank();
    }

    @Test
    void resumesAtFailedByRefusingAndWritingNothing() throws Exception {
        Path work = dir.resolve("work");
        new StepKit(a, "run-1", work, new JoiningTrainer("0.6", 0)).leftAt(Step.FAILED);

        StepKit resumed = new StepKit(a, "run-1", work, new JoiningTrainer("0.6", 0));
        assertThatThrownBy(() -> agent(resumed).run())
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.JOURNAL))
                .hasMessageContaining("run 'run-1' failed earlier: TRAINING: stopped by the test");
        assertThat(resumed.host.submitted(Runs.FAIL.name())).isZero();
        assertThat(resumed.keysObtained.get()).isZero();
        assertThat(runOnLedger().status()).isEqualTo(RunStatus.FAILED);
    }

    /**
     * An agent before the outcome file left a journal at SEALED with none: the trainer is asked
     * again (it answers from its checkpoint), nothing is sealed again, one receipt.
     */
    @Test
    void aJournalAtSealedWithoutAnOutcomeFileAsksTheTrainerAgain() throws Exception {
        Path work = dir.resolve("work");
        new StepKit(a, "run-1", work, new JoiningTrainer("0.6", 0)).leftAt(Step.SEALED);
        Files.delete(work.resolve(OutcomeFile.FILE));
        byte[] sealedBefore = sealedModel();

        JoiningTrainer trainer = new JoiningTrainer("0.6", 0);
        StepKit resumed = new StepKit(a, "run-1", work, trainer);
        agent(resumed).run();

        assertThat(trainer.calls.get()).isEqualTo(1);
        assertThat(resumed.keysObtained.get()).as("plaintexts reused").isZero();
        assertThat(sealedModel()).isEqualTo(sealedBefore);
        assertThat(resumed.host.submitted(Runs.SUBMIT_RECEIPT.name())).isEqualTo(1);
        assertThat(budgetSpent(AgentWorld.COWIN)).isEqualByComparingTo("0.6");
    }

    private Agent agent(StepKit kit) {
        return new Agent(kit.settings, kit.ledger, a.evidence(), kit.keys, kit.trainer, a.log);
    }

    private byte[] sealedModel() throws java.io.IOException {
        Path p = dir.resolve("out").resolve("run-1.model.jwe");
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    }

    private TrainingRun runOnLedger() {
        return a.w.sroLedger().evaluate(Runs.GET, "run-1");
    }

    private java.math.BigDecimal budgetSpent(String datasetId) {
        return a.w.sroLedger().evaluate(Datasets.GET_BUDGET, datasetId).spentEpsilon();
    }
}

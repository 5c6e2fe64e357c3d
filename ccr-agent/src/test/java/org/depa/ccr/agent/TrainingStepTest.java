package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStepTest {
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

    StepKit kit(Trainer trainer) {
        return new StepKit(a, "run-1", dir.resolve("work"), trainer);
    }

    @Test
    void trainsWithinTheTightestLimitsAndSavesTheOutcomeBeforeTheJournalMoves() {
        JoiningTrainer trainer = new JoiningTrainer("0.912345678", 0);
        StepKit kit = kit(trainer);
        RunJournal journal = kit.started();
        kit.steps.training().train(journal, kit.admit(journal));

        assertThat(journal.step()).isEqualTo(Step.TRAINED);
        assertThat(trainer.lastInput.privacy().epsilon()).isEqualByComparingTo("1.5");
        assertThat(trainer.lastInput.tables())
                .extracting(Trainer.Table::datasetId)
                .containsExactlyInAnyOrder(AgentWorld.ICMR, AgentWorld.COWIN);
        Trainer.Outcome saved = OutcomeFile.read(dir.resolve("work"));
        assertThat(saved.epsilonSpent()).isEqualByComparingTo("0.912345678");
        assertThat(saved.epsilonSpent().toPlainString()).isEqualTo("0.912345678");
        assertThat(saved.metrics()).containsEntry("rows", java.math.BigDecimal.valueOf(4));
        assertThat(saved.model()).isEqualTo(dir.resolve("work/training/model.bin"));
    }

    /** The steps after training read the saved outcome: the trainer is not asked again. */
    @Test
    void theSavedOutcomeAnswersWithoutTraining() {
        JoiningTrainer trainer = new JoiningTrainer("0.7", 0);
        StepKit kit = kit(trainer);
        RunJournal journal = kit.started();
        Admission.Admitted admitted = kit.admit(journal);
        kit.steps.training().train(journal, admitted);

        Trainer.Outcome outcome = kit.steps.training().outcome(admitted);
        assertThat(trainer.calls.get()).isEqualTo(1);
        assertThat(outcome.epsilonSpent()).isEqualByComparingTo("0.7");
    }

    /** Journals of the agent before the outcome file: the trainer, asked again, answers. */
    @Test
    void withoutASavedOutcomeTheTrainerIsAskedAgain() throws Exception {
        JoiningTrainer trainer = new JoiningTrainer("0.7", 0);
        StepKit kit = kit(trainer);
        RunJournal journal = kit.started();
        Admission.Admitted admitted = kit.admit(journal);
        kit.steps.training().train(journal, admitted);
        Files.delete(dir.resolve("work").resolve(OutcomeFile.FILE));

        Trainer.Outcome outcome = kit.steps.training().outcome(admitted);
        assertThat(trainer.calls.get()).isEqualTo(2);
        assertThat(outcome.metrics()).containsKey("rows");
    }

    @Test
    void refusesAnEpsilonAboveTheContractsAndStaysStarted() {
        StepKit kit = kit(new JoiningTrainer("1.500001", 0));
        RunJournal journal = kit.started();
        assertThatThrownBy(() -> kit.steps.training().train(journal, kit.admit(journal)))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.TRAINING))
                .hasMessageContaining("the trainer reports epsilon 1.500001 above the contract's 1.5");
        assertThat(journal.step()).isEqualTo(Step.STARTED);
        assertThat(dir.resolve("work").resolve(OutcomeFile.FILE)).doesNotExist();
    }

    @Test
    void aTrainerThatBreaksIsATrainingFailure() {
        StepKit broken = kit(input -> {
            throw new IllegalStateException();
        });
        RunJournal journal = broken.started();
        assertThatThrownBy(() -> broken.steps.training().train(journal, broken.admit(journal)))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.TRAINING))
                .hasMessage("TRAINING: java.lang.IllegalStateException");
    }
}

package org.depa.ccr.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * STARTED to TRAINED: the model spec opened ({@link SpecSource}) and checked ({@link SpecCheck}: the contract's commitment and the
 * shared validator), then every dataset of the contract fetched and decrypted ({@link DatasetFetcher}),
 * then trained on within the contract's tightest limits, and the trainer's epsilon checked against
 * them. The outcome is saved ({@link OutcomeFile}) before the journal moves on. Both halves are
 * idempotent: decrypted plaintexts are reused, and the trainer resumes from its own checkpoints.
 */
final class TrainingStep {
    private final Agent.Settings settings;
    private final DatasetFetcher datasets;
    private final Trainer trainer;
    private final TypedLedger ledger;
    private final SpecSource specs;
    private final EvidenceSource evidence;

    TrainingStep(
            Agent.Settings settings,
            TypedLedger ledger,
            SpecSource specs,
            EvidenceSource evidence,
            DatasetFetcher datasets,
            Trainer trainer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    void train(RunJournal journal, Admission.Admitted admitted) {
        Trainer.Outcome outcome = trainWithinLimits(admitted);
        OutcomeFile.write(settings.workDir(), outcome);
        journal.advance(Step.TRAINED);
    }

    /**
     * What training produced, for the steps after it: the saved outcome. A journal past TRAINED
     * written by an agent that saved none has the trainer asked again; it answers from its finished
     * checkpoint without taking a step, as it did for that agent.
     */
    Trainer.Outcome outcome(Admission.Admitted admitted) {
        Trainer.Outcome saved = OutcomeFile.read(settings.workDir());
        return saved != null ? saved : trainWithinLimits(admitted);
    }

    private Trainer.Outcome trainWithinLimits(Admission.Admitted admitted) {
        // Before any dataset key is asked for: the spec is opened (a job's, sealed: its key released by the TDC's
        // bridge to this run), opens the signed commitment and passes the validator.
        Agent.Settings opened =
                specs.open(settings, evidence, admitted.attested().runKey());
        SpecCheck.Checked checked =
                new SpecCheck(opened, ledger).check(admitted.contract().terms());
        List<Trainer.Table> tables = new ArrayList<>();
        // Every ciphertext fetched and checked before any key is asked for.
        for (DatasetClause clause : admitted.contract().terms().datasets()) {
            datasets.prepare(clause);
        }
        for (DatasetClause clause : admitted.contract().terms().datasets()) {
            tables.add(datasets.open(clause, admitted.attested().runKey()));
        }
        PrivacyConstraints limits = checked.limits();
        Trainer.Outcome outcome;
        try {
            outcome = trainer.train(new Trainer.Input(
                    tables, limits, settings.modelSpec(), settings.workDir().resolve("training"), checked.spec()));
        } catch (AgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AgentException(Stage.TRAINING, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (outcome.epsilonSpent().compareTo(limits.epsilon()) > 0) {
            throw new AgentException(
                    Stage.TRAINING,
                    "the trainer reports epsilon " + outcome.epsilonSpent() + " above the contract's "
                            + limits.epsilon());
        }
        return outcome;
    }
}

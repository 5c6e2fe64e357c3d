package org.depa.ccr.agent;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ledger.client.TypedLedger;

/**
 * The run's steps wired as the agent wires them, over an {@link AgentWorld}, for tests that take
 * one step at a time: the CCR's ledger counts what is submitted, the key source counts releases.
 */
final class StepKit {
    final AgentWorld a;
    final Agent.Settings settings;
    final CountingLedger host;
    final TypedLedger ledger;
    final AtomicInteger keysObtained = new AtomicInteger();
    final KeySource keys;
    final Trainer trainer;
    final RunSteps steps;

    StepKit(AgentWorld a, String runId, Path workDir, Trainer trainer) {
        this(a, runId, workDir, trainer, a.releasingKeys());
    }

    StepKit(AgentWorld a, String runId, Path workDir, Trainer trainer, KeySource release) {
        this.a = a;
        this.settings = a.settings(runId, workDir);
        this.host = new CountingLedger(a.ccr.client());
        this.ledger = new TypedLedger(host);
        this.keys = (dataset, id, evidence, runKey) -> {
            keysObtained.incrementAndGet();
            return release.obtain(dataset, id, evidence, runKey);
        };
        this.trainer = trainer;
        this.steps = RunSteps.wire(
                settings,
                ledger,
                a.evidence(),
                keys,
                CiphertextSource.locations(null),
                SpecSource.given(),
                trainer,
                a.log);
    }

    RunJournal begin() {
        return new JournalOpener(settings, a.log).openOrBegin().journal();
    }

    Admission.Admitted admit(RunJournal journal) {
        return steps.admission().admit(journal);
    }

    /** A journal at STARTED: begun, admitted and started on the ledger. */
    RunJournal started() {
        RunJournal journal = begin();
        steps.starter().ensureStarted(journal, admit(journal));
        return journal;
    }

    /** The journal left at {@code step} as a kill right after that step would leave it. */
    RunJournal leftAt(RunJournal.Step step) {
        RunJournal journal = begin();
        if (step == RunJournal.Step.NEW) {
            return journal;
        }
        Admission.Admitted admitted = admit(journal);
        steps.starter().ensureStarted(journal, admitted);
        if (step == RunJournal.Step.FAILED) {
            steps.failures().record(journal, "TRAINING: stopped by the test");
        }
        if (journal.step() == step) {
            return journal;
        }
        steps.training().train(journal, admitted);
        if (journal.step() == step) {
            return journal;
        }
        steps.sealer().seal(journal, admitted);
        if (journal.step() == step) {
            return journal;
        }
        steps.receipts().submit(journal, admitted);
        return journal;
    }
}

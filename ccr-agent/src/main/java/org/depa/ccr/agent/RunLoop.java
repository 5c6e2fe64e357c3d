package org.depa.ccr.agent;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.domain.TrainingReceipt;

/**
 * The run as a state machine over its journal. The loop asks the journal which step was last
 * completed and performs the next one; each step advances the journal when its work is durable.
 * A restarted agent therefore resumes at the step after the last one completed, whatever
 * invocation completed it:
 *
 * <pre>
 * NEW ──RunStarter──> STARTED ──TrainingStep──> TRAINED ──OutputSealer──> SEALED ──ReceiptWriter──> DONE
 *  (any started step) ──FailureRecorder──> FAILED
 * </pre>
 *
 * Before the first step of each invocation the loop re-establishes what the journal cannot hold:
 * whether a receipt committed before a kill, fresh evidence and the contract's standing, and the
 * ledger's view of the run.
 */
final class RunLoop {
    /** The steps between the start and the receipt: a receipt may have committed before a kill. */
    private static final Set<Step> UNDER_WAY = EnumSet.of(Step.STARTED, Step.TRAINED, Step.SEALED);

    private final Agent.Settings settings;
    private final Admission admission;
    private final RunStarter starter;
    private final TrainingStep training;
    private final OutputSealer sealer;
    private final ReceiptWriter receipts;
    private final FailureRecorder failures;

    RunLoop(
            Agent.Settings settings,
            Admission admission,
            RunStarter starter,
            TrainingStep training,
            OutputSealer sealer,
            ReceiptWriter receipts,
            FailureRecorder failures) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.training = Objects.requireNonNull(training, "training");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Takes the run from where {@code journal} stands to DONE and returns its receipt, or fails it. */
    TrainingReceipt finish(RunJournal journal) {
        try {
            return drive(journal);
        } catch (AgentException e) {
            failures.recordIfFailing(journal, e);
            throw e;
        }
    }

    private TrainingReceipt drive(RunJournal journal) {
        if (UNDER_WAY.contains(journal.step())) {
            receipts.recordedEarlier(journal);
        }
        Admission.Admitted admitted = null;
        if (journal.step() != Step.DONE && journal.step() != Step.FAILED) {
            admitted = admission.admit(journal);
            if (journal.step() != Step.NEW) {
                // The ledger may have moved while the agent was down: completed, failed or aborted.
                starter.ensureStarted(journal, admitted);
            }
        }
        TrainingReceipt receipt = null;
        while (true) {
            Step step = journal.step();
            switch (step) {
                case NEW -> starter.ensureStarted(journal, admitted);
                case STARTED -> training.train(journal, admitted);
                case TRAINED -> sealer.seal(journal, admitted);
                case SEALED -> receipt = receipts.submit(journal, admitted);
                case DONE -> {
                    return receipt != null ? receipt : receipts.recorded();
                }
                case FAILED -> throw new AgentException(
                        Stage.JOURNAL,
                        "run '" + settings.runId() + "' failed earlier: "
                                + journal.state().failure());
            }
            if (journal.step() == step) {
                throw new IllegalStateException("the step after " + step + " did not advance the journal");
            }
        }
    }
}

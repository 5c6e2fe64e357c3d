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
    private final RunSteps steps;

    RunLoop(Agent.Settings settings, RunSteps steps) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** Takes the run from where {@code journal} stands to DONE and returns its receipt, or fails it. */
    TrainingReceipt finish(RunJournal journal) {
        try {
            return drive(journal);
        } catch (AgentException e) {
            steps.failures().recordIfFailing(journal, e);
            throw e;
        }
    }

    private TrainingReceipt drive(RunJournal journal) {
        Admission.Admitted admitted = beforeTheFirstStep(journal);
        TrainingReceipt receipt = null;
        while (true) {
            Step step = journal.step();
            switch (step) {
                case NEW -> steps.starter().ensureStarted(journal, admitted);
                case STARTED -> steps.training().train(journal, admitted);
                case TRAINED -> steps.sealer().seal(journal, admitted);
                case SEALED -> receipt = steps.receipts().submit(journal, admitted);
                case DONE -> {
                    return receipt != null ? receipt : steps.receipts().recorded();
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

    /**
     * What each invocation re-establishes before its first step; null when the journal is already
     * DONE or FAILED, which takes no step.
     */
    private Admission.Admitted beforeTheFirstStep(RunJournal journal) {
        if (UNDER_WAY.contains(journal.step())) {
            // Asked first: once the receipt is in, the contract is COMPLETED and the check below refuses.
            steps.receipts().recordedEarlier(journal);
        }
        if (journal.step() == Step.DONE || journal.step() == Step.FAILED) {
            return null;
        }
        Admission.Admitted admitted = steps.admission().admit(journal);
        if (journal.step() != Step.NEW) {
            // The ledger may have moved while the agent was down: completed, failed or aborted.
            steps.starter().ensureStarted(journal, admitted);
        }
        return admitted;
    }
}

package org.depa.ccr.agent;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.tx.FailRunRequest;

/**
 * Ends a started run that cannot succeed: a key refused, a ciphertext other than the signed one,
 * training over budget or output that cannot be sealed. The failure goes to the ledger
 * ({@code runs:fail}, which releases the contract's reservation for a new run) and into the
 * journal, so a restart refuses instead of trying again.
 */
final class FailureRecorder {
    /**
     * The stages whose failure is permanent for the run. The others end this invocation only: before
     * the start there is no run to fail, and the ledger or the journal may answer on a retry.
     */
    static final Set<Stage> FAILING =
            EnumSet.of(Stage.MODEL_SPEC, Stage.DATA, Stage.KEY_RELEASE, Stage.DATASET, Stage.SEALING, Stage.TRAINING);

    /** The ledger keeps a reason of at most this many characters. */
    static final int MAX_REASON = 480;

    private final Agent.Settings settings;
    private final TypedLedger ledger;
    private final PrintStream log;

    FailureRecorder(Agent.Settings settings, TypedLedger ledger, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Records {@code failure} when its stage fails the run; others are left to the caller. A failure
     * caused by the ledger being out of reach (e.g. the operator's relay gone with an operator that
     * crashed) is never permanent, whatever its stage: this invocation ends and the next one resumes
     * from the journal.
     */
    void recordIfFailing(RunJournal journal, AgentException failure) {
        if (FAILING.contains(failure.stage()) && !ledgerOutOfReach(failure)) {
            record(journal, failure.getMessage());
        }
    }

    private static boolean ledgerOutOfReach(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LedgerException e && e.stage() == LedgerException.Stage.UNAVAILABLE) {
                return true;
            }
        }
        return false;
    }

    void record(RunJournal journal, String reason) {
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        try {
            ledger.submit(Runs.FAIL, new FailRunRequest(settings.runId(), settings.ccrProviderId(), r));
        } catch (LedgerException e) {
            log.println("ccr-agent: could not record the failure on the ledger: " + e.getMessage());
        }
        journal.update(journal.state().withFailure(r).withStep(Step.FAILED));
    }
}

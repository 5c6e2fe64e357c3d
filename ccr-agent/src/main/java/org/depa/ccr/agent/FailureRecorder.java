package org.depa.ccr.agent;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.tx.FailRunRequest;

/**
 * Ends a started run that cannot succeed: a key refused, a ciphertext other than the signed one,
 * training over budget, output that cannot be sealed, or a contract no longer in force (revoked or
 * expired while the run trained: the ledger refuses its receipt, and a relaunch's contract check
 * refuses it). The failure goes to the ledger ({@code runs:fail}, which charges nothing and
 * releases the contract's reservation for a new run if it still holds one) and into the journal, so
 * a restart refuses instead of trying again. Which failures are permanent is {@link FailureKind}'s.
 */
final class FailureRecorder {
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
     * Records {@code failure} when it is permanent and the run has started (before the start there
     * is no run on the ledger to fail); others are left to the caller. A failure caused by the
     * ledger being out of reach (e.g. the operator's relay gone with an operator that crashed) is
     * never permanent, whatever its stage: this invocation ends and the next one resumes from the
     * journal.
     */
    void recordIfFailing(RunJournal journal, AgentException failure) {
        if (FailureKind.of(failure) == FailureKind.PERMANENT && STARTED.contains(journal.step())) {
            record(journal, failure.getMessage());
        }
    }

    /** The steps at which the run exists on the ledger and has not ended. */
    private static final Set<Step> STARTED = EnumSet.of(Step.STARTED, Step.TRAINED, Step.SEALED);

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

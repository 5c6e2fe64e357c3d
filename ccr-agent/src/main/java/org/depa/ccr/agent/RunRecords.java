package org.depa.ccr.agent;

import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * The ledger's word on this run: whether its start and its receipt are recorded. The steps ask
 * before they write, so a write an earlier invocation committed is never sent twice.
 */
final class RunRecords {
    private final TypedLedger ledger;
    private final String runId;

    RunRecords(TypedLedger ledger, String runId) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** The run as the ledger recorded it, or null when it was never started. */
    TrainingRun existingRun() {
        try {
            return ledger.evaluate(Runs.GET, runId);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw new AgentException(Stage.RUN_START, "cannot read run '" + runId + "': " + e.getMessage(), e);
        }
    }

    /** The run's receipt, or null when none is recorded. */
    TrainingReceipt existingReceipt() {
        try {
            return ledger.evaluate(Runs.GET_RECEIPT, runId);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw new AgentException(Stage.RECEIPT, "cannot read the receipt of '" + runId + "': " + e.getMessage(), e);
        }
    }
}

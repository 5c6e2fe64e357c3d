package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A job's runs with the epsilon each spent, read from their receipts: the runs under the job's
 * contracts that name the job (a run is listed while it runs, before the job completes).
 *
 * @param runs one row per run
 * @param epsilonSpent the epsilon all the job's receipts spent, over every dataset
 */
@TemplateData
record RunFigures(List<RunRow> runs, BigDecimal epsilonSpent) {
    /** One run: where it stands, and what its receipt says it spent (none before the receipt). */
    @TemplateData
    record RunRow(String runId, String contractId, String status, String startedAt, List<ReceiptDataset> spent) {}

    static RunFigures ofJob(TypedLedger ledger, TrainingJob job) {
        List<RunRow> rows = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (String contract : job.contractIds()) {
            for (TrainingRun run : ledger.evaluate(Runs.LIST_BY_CONTRACT, contract)) {
                if (!job.jobId().equals(run.jobId())) {
                    continue;
                }
                List<ReceiptDataset> spent = receipt(ledger, run.runId());
                for (ReceiptDataset d : spent) {
                    total = total.add(d.epsilonSpent());
                }
                rows.add(new RunRow(run.runId(), run.contractId(), run.status().name(), run.startedAt(), spent));
            }
        }
        return new RunFigures(rows, total);
    }

    /** The receipt's datasets, or none while the run has no receipt. */
    static List<ReceiptDataset> receipt(TypedLedger ledger, String runId) {
        try {
            TrainingReceipt r = ledger.evaluate(Runs.GET_RECEIPT, runId);
            return r.body().datasets();
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }
}

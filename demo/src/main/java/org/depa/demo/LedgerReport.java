package org.depa.demo;

import java.util.List;
import org.depa.demo.CovidCast.Provider;
import org.depa.demo.party.Consortium;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.tx.HistoryRequest;

/** The ledger's state after the run, as the regulator reads it: budgets, contract, payments, history, events. */
final class LedgerReport {
    private final Consortium consortium;
    private final CovidCast cast;
    private final Console console;

    LedgerReport(Consortium consortium, CovidCast cast, Console console) {
        this.consortium = consortium;
        this.cast = cast;
        this.console = console;
    }

    void print() {
        TypedCalls sro = consortium.sro();
        console.heading("State of the ledger");
        console.step("Privacy budgets");
        for (Provider p : CovidCast.PROVIDERS) {
            PrivacyBudget b = sro.evaluate(Datasets.GET_BUDGET, cast.datasetId(p));
            console.line(
                    "%-12s total %s  reserved %s  spent %s  remaining %s",
                    b.datasetId(),
                    b.totalEpsilon().toPlainString(),
                    b.reservedEpsilon().toPlainString(),
                    b.spentEpsilon().toPlainString(),
                    b.remaining().toPlainString());
        }
        ContractRecord c = sro.evaluate(Contracts.GET, cast.contractId());
        console.step("Contract");
        console.line(
                "%s v%d %s (closed by %s: %s)", c.contractId(), c.version(), c.status(), c.closedBy(), c.closeReason());
        console.step("Payment instructions, with the settlement the relay recorded");
        for (PaymentInstruction p : sro.evaluate(Payments.LIST_BY_CONTRACT, cast.contractId())) {
            console.line(
                    "%-22s %s pays %-6s %,d %s minor units: %,d to the TDP, %,d to data principals, %s%s",
                    p.paymentId(),
                    p.payerId(),
                    p.payeeId(),
                    p.amountMinor(),
                    p.currency(),
                    p.payeeMinor(),
                    p.dataPrincipalMinor(),
                    p.status(),
                    p.externalTxHash() == null
                            ? ""
                            : " (chain " + p.chainId() + ", tx " + p.externalTxHash() + ", block " + p.blockNumber()
                                    + ", by " + p.settledBy() + ")");
        }
        console.step("History of contract " + cast.contractId() + " (newest first), as an auditor reads it");
        List<HistoryEntry> history = sro.evaluate(Audit.HISTORY, new HistoryRequest("contract", cast.contractId()));
        for (HistoryEntry h : history) {
            console.line(
                    "%s  tx %s...  status %s",
                    h.timestamp(),
                    h.txId().substring(0, 12),
                    h.value() == null ? "(deleted)" : h.value().get("status").asText());
        }
        console.step("Event log of this run (one event per transaction)");
        var counts = consortium.eventCounts();
        if (counts.isEmpty()) {
            console.line(
                    "(not counted here: the network keeps every earlier run; depa audit export reads every block)");
        }
        counts.forEach((name, n) -> console.line("%-26s %d", name, n));
    }
}

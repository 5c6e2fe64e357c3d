package org.depa.audit.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Reservation;
import org.depa.ledger.model.domain.TrainingReceipt;

/**
 * Each dataset's privacy budget, at every block: reserved plus spent within an unchanged total,
 * nothing negative; and every change accounted for by the same transaction: an activation
 * reserves its clause's epsilon, a closing (receipt, revocation, expiry) returns the reservation,
 * a receipt spends what it says. A budget that moves with no cause, or a cause with no move, fails.
 * The total and delta change only with the dataset's own terms, written in the same transaction
 * (its owner's {@code datasets:update}, which may grow the budget or shrink it down to what is
 * committed): the new budget must carry exactly the new terms' total and delta.
 */
final class BudgetCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        Map<String, BigDecimal> reserve = new TreeMap<>();
        Map<String, BigDecimal> spend = new TreeMap<>();
        causes(tx, before, reserve, spend);
        Map<String, Dataset> terms = new TreeMap<>();
        for (DomainTx.Entry e : tx.of(Types.DATASET)) {
            try {
                Dataset d = e.as(Dataset.class);
                terms.put(d.id(), d);
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
        Map<String, Boolean> written = new TreeMap<>();
        for (DomainTx.Entry e : tx.of(Types.BUDGET)) {
            PrivacyBudget b;
            try {
                b = e.as(PrivacyBudget.class);
            } catch (RecordException bad) {
                continue;
            }
            written.put(b.datasetId(), true);
            PrivacyBudget was = before.budgets.get(b.datasetId());
            sink.verdict(
                    Checks.BUDGET,
                    tx.scope("budget of dataset " + b.datasetId()),
                    problem(
                            e,
                            b,
                            was,
                            terms.get(b.datasetId()),
                            reserve.getOrDefault(b.datasetId(), BigDecimal.ZERO),
                            spend.getOrDefault(b.datasetId(), BigDecimal.ZERO)),
                    "reserved " + b.reservedEpsilon().toPlainString() + " + spent "
                            + b.spentEpsilon().toPlainString() + " <= total "
                            + b.totalEpsilon().toPlainString());
        }
        for (String dataset : union(reserve, spend)) {
            boolean moves = reserve.getOrDefault(dataset, BigDecimal.ZERO).signum() != 0
                    || spend.getOrDefault(dataset, BigDecimal.ZERO).signum() != 0;
            if (moves && !written.containsKey(dataset)) {
                sink.fail(
                        Checks.BUDGET,
                        tx.scope("budget of dataset " + dataset),
                        "the transaction should move dataset '" + dataset + "''s budget (reserve "
                                + reserve.getOrDefault(dataset, BigDecimal.ZERO).toPlainString() + ", spend "
                                + spend.getOrDefault(dataset, BigDecimal.ZERO).toPlainString() + ") but writes none");
            }
        }
    }

    /** What the transaction's contract transitions and receipts oblige each budget to move by. */
    private static void causes(
            DomainTx tx, DomainState before, Map<String, BigDecimal> reserve, Map<String, BigDecimal> spend) {
        for (DomainTx.Entry e : tx.of(Types.CONTRACT)) {
            try {
                ContractRecord now = e.as(ContractRecord.class);
                ContractRecord was = before.contracts.get(now.contractId());
                boolean wasActive = was != null && was.status() == ContractStatus.ACTIVE;
                if (now.status() == ContractStatus.ACTIVE && !wasActive) {
                    for (DatasetClause c : now.terms().datasets()) {
                        reserve.merge(c.datasetId(), c.privacy().epsilon(), BigDecimal::add);
                    }
                } else if (wasActive && now.status() != ContractStatus.ACTIVE) {
                    for (Reservation r : was.reservations()) {
                        reserve.merge(r.datasetId(), r.epsilon().negate(), BigDecimal::add);
                    }
                }
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
        for (DomainTx.Entry e : tx.of(Types.RECEIPT)) {
            try {
                for (ReceiptDataset d : e.as(TrainingReceipt.class).body().datasets()) {
                    spend.merge(d.datasetId(), d.epsilonSpent(), BigDecimal::add);
                }
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
    }

    private static String problem(
            DomainTx.Entry e,
            PrivacyBudget b,
            PrivacyBudget was,
            Dataset newTerms,
            BigDecimal reserve,
            BigDecimal spend) {
        if (!e.key.id(0).equals(b.datasetId())) {
            return "the budget of " + b.datasetId() + " is stored under " + e.key;
        }
        if (b.reservedEpsilon().signum() < 0 || b.spentEpsilon().signum() < 0) {
            return "reserved " + b.reservedEpsilon().toPlainString() + " or spent "
                    + b.spentEpsilon().toPlainString() + " is negative";
        }
        BigDecimal used = b.reservedEpsilon().add(b.spentEpsilon());
        if (used.compareTo(b.totalEpsilon()) > 0) {
            return "reserved " + b.reservedEpsilon().toPlainString() + " + spent "
                    + b.spentEpsilon().toPlainString() + " = " + used.toPlainString() + " is above the total "
                    + b.totalEpsilon().toPlainString();
        }
        BigDecimal wasReserved = was == null ? BigDecimal.ZERO : was.reservedEpsilon();
        BigDecimal wasSpent = was == null ? BigDecimal.ZERO : was.spentEpsilon();
        if (newTerms != null
                && (newTerms.terms().totalEpsilon().compareTo(b.totalEpsilon()) != 0
                        || newTerms.terms().delta().compareTo(b.delta()) != 0)) {
            return "the total " + b.totalEpsilon().toPlainString() + " (delta "
                    + b.delta().toPlainString()
                    + ") is not the dataset's terms written with it: "
                    + newTerms.terms().totalEpsilon().toPlainString()
                    + " (delta " + newTerms.terms().delta().toPlainString() + ")";
        }
        if (was != null
                && newTerms == null
                && (was.totalEpsilon().compareTo(b.totalEpsilon()) != 0
                        || was.delta().compareTo(b.delta()) != 0)) {
            return "the total changed from " + was.totalEpsilon().toPlainString() + " (delta "
                    + was.delta().toPlainString() + ") to " + b.totalEpsilon().toPlainString() + " (delta "
                    + b.delta().toPlainString() + ") without the dataset's terms";
        }
        if (b.spentEpsilon().subtract(wasSpent).compareTo(spend) != 0) {
            return "spent moved from " + wasSpent.toPlainString() + " to "
                    + b.spentEpsilon().toPlainString() + "; the transaction's receipts spend " + spend.toPlainString();
        }
        if (b.reservedEpsilon().subtract(wasReserved).compareTo(reserve) != 0) {
            return "reserved moved from " + wasReserved.toPlainString() + " to "
                    + b.reservedEpsilon().toPlainString() + "; the transaction's activations and closings account for "
                    + reserve.toPlainString();
        }
        return null;
    }

    private static java.util.Set<String> union(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}

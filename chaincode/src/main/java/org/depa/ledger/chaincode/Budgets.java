package org.depa.ledger.chaincode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.Reservation;

/**
 * Privacy-budget arithmetic. Exact decimals; each operation reads and writes the budget key, so
 * concurrent transactions touching one budget conflict at commit instead of overspending.
 */
final class Budgets {
    private Budgets() {}

    /** Reserves each clause's epsilon; refuses, writing nothing, if any budget would be exceeded. */
    static List<Reservation> reserve(DepaContext ctx, ContractRecord c) {
        List<PrivacyBudget> updated = new ArrayList<>();
        List<Reservation> reservations = new ArrayList<>();
        for (DatasetClause clause : c.terms().datasets()) {
            PrivacyBudget b = ctx.state().get(ObjectType.BUDGET, PrivacyBudget.class, clause.datasetId());
            BigDecimal eps = clause.privacy().epsilon();
            if (b.remaining().compareTo(eps) < 0) {
                throw new LedgerRuleException(
                        ErrorCode.BUDGET_EXCEEDED,
                        "dataset '" + clause.datasetId()
                                + "' has epsilon " + b.remaining().toPlainString() + " left of "
                                + b.totalEpsilon().toPlainString()
                                + "; contract '" + c.contractId() + "' needs " + eps.toPlainString());
            }
            updated.add(with(ctx, b, b.reservedEpsilon().add(eps), b.spentEpsilon()));
            reservations.add(new Reservation(clause.datasetId(), eps));
        }
        updated.forEach(b -> ctx.state().put(ObjectType.BUDGET, b, b.datasetId()));
        return List.copyOf(reservations);
    }

    /** Returns every reservation unspent (revocation, expiry). */
    static void release(DepaContext ctx, ContractRecord c) {
        settle(ctx, c, Map.of());
    }

    /** Turns reservations into spending: {@code spent} per dataset, the rest returned. */
    static void settle(DepaContext ctx, ContractRecord c, Map<String, BigDecimal> spent) {
        if (c.reservations() == null) {
            return;
        }
        for (Reservation r : c.reservations()) {
            PrivacyBudget b = ctx.state().get(ObjectType.BUDGET, PrivacyBudget.class, r.datasetId());
            BigDecimal used = spent.getOrDefault(r.datasetId(), BigDecimal.ZERO);
            if (used.compareTo(r.epsilon()) > 0) {
                throw new LedgerRuleException(
                        ErrorCode.EPSILON_OVERSPENT,
                        "dataset '" + r.datasetId() + "' spent " + used.toPlainString() + " but contract '"
                                + c.contractId() + "' reserved " + r.epsilon().toPlainString());
            }
            ctx.state()
                    .put(
                            ObjectType.BUDGET,
                            with(
                                    ctx,
                                    b,
                                    b.reservedEpsilon().subtract(r.epsilon()),
                                    b.spentEpsilon().add(used)),
                            r.datasetId());
        }
    }

    private static PrivacyBudget with(DepaContext ctx, PrivacyBudget b, BigDecimal reserved, BigDecimal spent) {
        return new PrivacyBudget(
                b.datasetId(),
                b.totalEpsilon(),
                b.delta(),
                org.depa.ledger.model.Fields.normalise(reserved),
                org.depa.ledger.model.Fields.normalise(spent),
                ctx.nowText(),
                ctx.txId());
    }
}

package org.depa.ledger.model.domain;

import java.math.BigDecimal;

/**
 * A dataset's lifetime privacy budget. Kept under its own key so that every reservation reads and
 * writes it: two activations racing for the last of a budget conflict, and one of them fails.
 * Invariant: reserved + spent <= total.
 */
public record PrivacyBudget(
        String datasetId,
        BigDecimal totalEpsilon,
        BigDecimal delta,
        BigDecimal reservedEpsilon,
        BigDecimal spentEpsilon,
        String updatedAt,
        String updatedTx) {

    public BigDecimal remaining() {
        return totalEpsilon.subtract(reservedEpsilon).subtract(spentEpsilon);
    }
}

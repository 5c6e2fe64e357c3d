package org.depa.ccr.agent;

import java.util.List;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.PrivacyLimits;

/**
 * The privacy limits a run trains within. Each joined row carries records of every dataset, so
 * the binding limits are the tightest of all clauses: the smallest epsilon, delta, clipping norm
 * and epoch count, and the largest noise multiplier. The rule lives in model-spec ({@link
 * PrivacyLimits}), so the TDC's CLI checks a spec against the same limits.
 */
final class ContractLimits {
    private ContractLimits() {}

    /** The limits every clause allows at once. */
    static PrivacyConstraints tightest(List<DatasetClause> clauses) {
        return PrivacyLimits.tightest(clauses);
    }
}

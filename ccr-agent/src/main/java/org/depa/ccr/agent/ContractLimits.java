package org.depa.ccr.agent;

import java.math.BigDecimal;
import java.util.List;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * The privacy limits a run trains within. Each joined row carries records of every dataset, so
 * the binding limits are the tightest of all clauses: the smallest epsilon, delta, clipping norm
 * and epoch count, and the largest noise multiplier.
 */
final class ContractLimits {
    private ContractLimits() {}

    /** The limits every clause allows at once. */
    static PrivacyConstraints tightest(List<DatasetClause> clauses) {
        BigDecimal epsilon = null;
        BigDecimal delta = null;
        BigDecimal norm = null;
        BigDecimal noise = null;
        Integer epochs = null;
        for (DatasetClause c : clauses) {
            PrivacyConstraints p = c.privacy();
            epsilon = epsilon == null ? p.epsilon() : epsilon.min(p.epsilon());
            delta = delta == null ? p.delta() : delta.min(p.delta());
            norm = p.maxGradNorm() == null ? norm : norm == null ? p.maxGradNorm() : norm.min(p.maxGradNorm());
            noise = p.noiseMultiplier() == null
                    ? noise
                    : noise == null ? p.noiseMultiplier() : noise.max(p.noiseMultiplier());
            epochs = p.epochs() == null
                    ? epochs
                    : epochs == null ? p.epochs() : Integer.valueOf(Math.min(epochs, p.epochs()));
        }
        return new PrivacyConstraints(epsilon, delta, norm, noise, epochs);
    }
}

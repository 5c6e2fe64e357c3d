package org.depa.modelspec;

import java.math.BigDecimal;
import java.util.List;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * The privacy limits a job trains within. Each joined row carries records of every dataset, so
 * the binding limits are the tightest of all clauses: the smallest epsilon, delta, clipping norm
 * and epoch count, and the largest noise multiplier. A spec's {@code dp} section may tighten them
 * further, never loosen them ({@link ModelSpecValidator} refuses that).
 */
public final class PrivacyLimits {
    private PrivacyLimits() {}

    /** The limits every clause allows at once. */
    public static PrivacyConstraints tightest(List<DatasetClause> clauses) {
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

    /**
     * What the trainer uses: {@code limits} with the spec's own clipping norm and noise multiplier
     * where they are tighter (a smaller norm, a larger multiplier).
     */
    public static PrivacyConstraints forSpec(ModelSpec spec, PrivacyConstraints limits) {
        ModelSpec.DpParameters dp = spec.dp();
        if (dp == null) {
            return limits;
        }
        BigDecimal norm = limits.maxGradNorm();
        if (dp.maxGradNorm() != null) {
            norm = norm == null ? dp.maxGradNorm() : norm.min(dp.maxGradNorm());
        }
        BigDecimal noise = limits.noiseMultiplier();
        if (dp.noiseMultiplier() != null) {
            noise = noise == null ? dp.noiseMultiplier() : noise.max(dp.noiseMultiplier());
        }
        return new PrivacyConstraints(limits.epsilon(), limits.delta(), norm, noise, limits.epochs());
    }
}

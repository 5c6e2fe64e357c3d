package org.depa.ccr.training;

import java.math.BigDecimal;
import java.util.Objects;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * What DP-SGD needs of a contract's privacy limits. The limits themselves are the contract's
 * {@link PrivacyConstraints}, written down there once: epsilon (the budget: training stops before a
 * step would take the spend above it), delta (at which epsilon is computed), maxGradNorm (the
 * per-example clipping norm C), noiseMultiplier (sigma: each step's clipped sum gets noise of std
 * sigma * C) and epochs (the most the contract allows; the specification may ask for fewer). The
 * ledger lets a contract leave the last three open; DP-SGD cannot.
 */
public final class DpLimits {
    /** Below about 0.3 the RDP bounds explode and no useful training fits any sane budget. */
    static final BigDecimal MIN_NOISE_MULTIPLIER = new BigDecimal("0.3");

    private DpLimits() {}

    /** Returns {@code limits} if DP-SGD can train within them; refuses them naming the field otherwise. */
    public static PrivacyConstraints checked(PrivacyConstraints limits) {
        Objects.requireNonNull(limits, "limits");
        if (limits.epsilon() == null || limits.delta() == null) {
            throw new IllegalArgumentException("the contract sets no epsilon or delta");
        }
        if (limits.maxGradNorm() == null || limits.noiseMultiplier() == null || limits.epochs() == null) {
            throw new IllegalArgumentException(
                    "the contract sets no clipping norm, noise multiplier or epoch limit: DP-SGD needs all three");
        }
        if (limits.epsilon().signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be positive");
        }
        if (limits.delta().signum() <= 0 || limits.delta().compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("delta must be in (0, 1)");
        }
        if (limits.maxGradNorm().signum() <= 0) {
            throw new IllegalArgumentException("maxGradNorm must be positive");
        }
        if (limits.noiseMultiplier().compareTo(MIN_NOISE_MULTIPLIER) < 0) {
            throw new IllegalArgumentException("noiseMultiplier must be at least 0.3");
        }
        if (limits.epochs() < 1) {
            throw new IllegalArgumentException("epochs must be at least 1");
        }
        return limits;
    }

    /** Checked limits from their decimal strings, as a contract writes them. */
    public static PrivacyConstraints of(
            String epsilon, String delta, String maxGradNorm, String noiseMultiplier, int epochs) {
        return checked(new PrivacyConstraints(
                new BigDecimal(epsilon),
                new BigDecimal(delta),
                new BigDecimal(maxGradNorm),
                new BigDecimal(noiseMultiplier),
                epochs));
    }
}
